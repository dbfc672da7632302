/**
 * Question analysis: raw chat text → folded tokens → groups of alternative phrasings to match.
 * Order matters: clean (NFC, control chars) → fold → expand abbreviations → find provinces
 * (exact alias lookup before anything fuzzy, since folded names share syllables) → domain phrases →
 * drop particles. Intent detection reads `folded`, which still has the particles.
 */
import { cleanInput, tokenize } from '../text/fold.js';
import { expandAbbreviations } from '../text/abbreviations.js';
import { isParticle, particleMask } from '../text/stopwords.js';
import { detectProvinces, type Province } from '../text/provinces.js';
import { buildPhraseIndex, type PhraseIndex } from './synonyms.js';

/** One thing the user asked about, with the phrasings that would satisfy it. */
export interface QueryGroup {
  /** Alternatives, each a sequence of folded tokens. The first is what the user typed (expanded). */
  alternatives: string[][];
  /** Came from a domain phrase table (its other members are synonyms, not the user's words). */
  phrase: boolean;
}

export interface AnalyzedQuestion {
  /** Cleaned text (NFC), as typed. */
  text: string;
  /** Folded tokens after abbreviation expansion (first meaning), particles kept. */
  tokens: string[];
  /** `tokens` joined by spaces: what intent rules read. */
  folded: string;
  provinces: Province[];
  groups: QueryGroup[];
}

/** Words that only shape the question ("ở đâu", "thế nào"); dropped for matching on top of particles. */
const QUESTION_WORDS = new Set([
  'o', 'dau', 'sao', 'nao', 'the', 'nhu', 'gi', 'ai', 'khi', 'nay', 'kia', 'ay', 'hay', 'hoac', 'hem', 'hong',
  'xin', 'vui', 'giup', 'cho', 'biet', 'hoi', 'muon', 'duoc',
  // chat glue: thì, đã, bị, con/còn, xong, trên, lại, ra, hết, luôn, thêm, nên
  'thi', 'da', 'bi', 'con', 'xong', 'tren', 'lai', 'ra', 'het', 'luon', 'them', 'nen', 'khong', 'co', 'nhe', 'nha', 'a', 'u', 'ha',
  // mà ("học nghề mà không có tiền"): joins clauses; its content readings (mã, mạ) rarely stand alone
  'ma',
  // thích ("tôi thích vẽ gốm"): a wish, like muốn
  'thich',
]);
// Not here: 'long' (đèn lồng), 'can' (cận nghèo). 'cho' (cho/chợ) and 'hoi' (hỏi/hội) are dropped only
// outside a domain phrase such as "hội chợ", which the phrase table catches first.

let phraseIndex: PhraseIndex | undefined;

export function analyzeQuestion(raw: string): AnalyzedQuestion {
  phraseIndex ??= buildPhraseIndex();
  const text = cleanInput(raw ?? '');
  const units = expandAbbreviations(tokenize(text));
  // The primary reading: the first meaning of each abbreviation, flattened.
  const tokens: string[] = [];
  const unitOf: number[] = [];
  units.forEach((alts, u) => {
    for (const t of alts[0] ?? []) {
      tokens.push(t);
      unitOf.push(u);
    }
  });

  const provinceHits = detectProvinces(tokens);
  const consumed = new Array<boolean>(tokens.length).fill(false);
  const provinces: Province[] = [];
  for (const hit of provinceHits) {
    for (let i = hit.start; i < hit.end; i++) consumed[i] = true;
    if (!provinces.some((p) => p.code === hit.province.code)) provinces.push(hit.province);
  }

  // Particles are judged in context ("nhà máy" keeps "máy", "cho em hỏi" goes as a whole).
  const dropped = particleMask(tokens);
  const groups: QueryGroup[] = [];
  const seenUnits = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    if (consumed[i]) continue;
    const phrase = matchPhrase(tokens, i, consumed, phraseIndex);
    if (phrase) {
      groups.push({ alternatives: phrase.alternatives, phrase: true });
      for (let j = i; j < i + phrase.length; j++) seenUnits.add(unitOf[j]!);
      i += phrase.length - 1;
      continue;
    }
    const u = unitOf[i]!;
    if (seenUnits.has(u)) continue;
    seenUnits.add(u);
    const all = units[u] ?? [];
    // An abbreviation whose likeliest meaning is a particle ("dc" = được) asks for nothing.
    const primaryNoise = tokens.every((_, j) => unitOf[j] !== u || dropped[j] || QUESTION_WORDS.has(tokens[j]!));
    if (!all[0] || primaryNoise) continue;
    const alts = all.filter((alt) => alt.some((t) => !isNoise(t)));
    if (alts.length === 0) continue;
    groups.push({ alternatives: alts.map((alt) => alt.filter((t) => !isNoise(t))), phrase: false });
  }
  return { text, tokens, folded: tokens.join(' '), provinces, groups: distinctGroups(groups) };
}

/** A word said twice ("lớp … lớp nữa") is one thing asked for, not twice the weight. */
function distinctGroups(groups: QueryGroup[]): QueryGroup[] {
  const seen = new Set<string>();
  return groups.filter((g) => {
    const key = g.alternatives[0]!.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isNoise(token: string): boolean {
  return isParticle(token) || QUESTION_WORDS.has(token);
}

function matchPhrase(
  tokens: string[],
  start: number,
  consumed: boolean[],
  index: PhraseIndex,
): { length: number; alternatives: string[][] } | undefined {
  const candidates = index.byFirstToken.get(tokens[start]!);
  if (!candidates) return undefined;
  for (const { tokens: p, group } of candidates) {
    if (start + p.length > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < p.length; k++) {
      if (tokens[start + k] !== p[k] || consumed[start + k]) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    // The user's own words first, then the synonyms.
    const others = index.groups[group]!.filter((alt) => alt.join(' ') !== p.join(' '));
    return { length: p.length, alternatives: [p, ...others] };
  }
  return undefined;
}
