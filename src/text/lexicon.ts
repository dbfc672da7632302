/**
 * The lexicon: one place that decides, for each word a user types, how much it can say about what
 * they want. A word is chat (a particle, a form of address, a question word, a chat verb) or content;
 * most folded syllables are both ("co" is có, cơ or cỏ), so the answer is a share, not a yes/no.
 *
 * Sources, in order:
 * - the accented form, when the user typed one: a stopword (stopwords-iso's Vietnamese list) or a
 *   word of the chat classes below is chat, anything else content;
 * - for a folded syllable, how often each accented reading of it occurs in the domain's prose
 *   (syllable-readings.json, built by scripts/build-readings.ts), with chat-class readings weighed up
 *   because people write to a bot in the chat register, not in the register of a provincial plan;
 * - nothing known: a syllable that some stopword folds to is mostly chat, anything else content.
 * Apart from the share, how often people write a word around what they ask rather than about it
 * (`asideShare`: "ở", "nhà", "đi", "xong" of "em ở Cầu Kè, học xong đi làm"), counted in real questions
 * (aside-words.json, built by scripts/build-aside-words.ts); the ranker weighs words down by it.
 * Collocations the content itself uses ("da giày", "hội chợ", "buổi tối") are decided by the engine,
 * which knows the content's bigrams: see analyze.ts.
 */
import { createRequire } from 'node:module';
import readingsData from './syllable-readings.json' with { type: 'json' };
import asideData from './aside-words.json' with { type: 'json' };
import { foldVi, toneKey } from './fold.js';

// The package is one JSON file of every language; only the Vietnamese list is kept.
const viStopwords = (createRequire(import.meta.url)('stopwords-iso') as { vi: string[] }).vi.map((w) => w.normalize('NFC').toLowerCase());

/**
 * The chat register: words people use to address the bot and frame a question. General Vietnamese,
 * grouped by what they are, not by the questions they come from.
 */
const CHAT_CLASSES = {
  address: 'tôi tui tao tớ mình ta em anh chị cô chú bác ông bà cháu ba bố má mẹ cha u mạ dì cậu mợ thím dượng vợ chồng bạn ad admin shop bot',
  greeting: 'chào kính cảm ơn cám',
  particle: 'ạ à á ả ơi nhé nha nhỉ hả hở hen nghen nè ha hông hổng vậy thế đó đấy đây kìa chứ mà thì là ừ ờ dạ vâng',
  question: 'gì nào đâu sao bao nhiêu mấy khi ai không có chưa phải hay hoặc giờ lúc ở',
  verb: 'hỏi muốn biết xin cho giúp nhờ thấy nghe nói chút tí được rồi cũng còn đang đã sẽ vừa mới lắm quá rất luôn nữa hết tính định vô vào với và của các những một về',
  // How something happened ("em lỡ đăng ký rồi", "đăng ký nhầm lớp"), not what is asked about.
  mishap: 'lỡ nhầm trót',
  // Approximate amounts ("mấy chục năm", "14 tuổi rưỡi", "một nửa"): how much, not what about.
  quantity: 'chục nửa rưỡi',
} as const;

/** In chat a chat-class reading is this many times likelier than its frequency in prose says. */
const CHAT_REGISTER_PRIOR = 10;
/**
 * The general stopword list also holds words that are often content here (nhà, làm, bằng, tháng):
 * a word that is only there, and in no chat class, counts as half chat.
 */
const LIST_ONLY_STOP = 0.5;

const chatWords = new Set(Object.values(CHAT_CLASSES).flatMap((list) => list.split(' ')).map(toneKey));
/**
 * Chat verbs only as typed with their accents: folded, the syllable is more often content ("lãnh
 * lương", to receive, folds to "lanh" as "điện lạnh" does), so they stay out of the folded readings.
 */
const TYPED_CHAT = new Set(['lãnh', 'lĩnh'].map(toneKey));
const stopSingles = new Set(viStopwords.filter((w) => !w.includes(' ')).map(toneKey));

/**
 * The formulas that open a question ("cho em hỏi", "tôi muốn hỏi", "xin hỏi"), built from the forms
 * of address: "hỏi" in them is the verb, never "hội".
 */
const ADDRESS = CHAT_CLASSES.address.split(' ');
/** Vietnamese interrogative phrases the stopword list lacks: where, when, how. */
const INTERROGATIVES = ['ở đâu', 'chỗ nào', 'nơi nào', 'khi nào', 'lúc nào', 'làm sao', 'như nào', 'kiểu gì', 'kiểu nào'];
/**
 * When, said relative to now ("năm ngoái", "tuần sau"): it places the question in time, it is not
 * something asked about (a date the content gives is matched by its month or number instead). Not
 * "hôm nay", "năm nay": a question about today is often for live news the content never holds
 * (today's prices, weather, outages), and counting those words as unmatched keeps it unanswered.
 */
const RELATIVE_TIMES = ['năm ngoái', 'năm trước', 'năm sau', 'năm tới', 'sang năm', 'cuối năm', 'đầu năm', 'giữa năm', 'cuối tháng', 'đầu tháng', 'giữa tháng', 'tháng trước', 'tháng sau', 'tháng tới', 'tuần trước', 'tuần sau', 'tuần tới', 'hôm qua', 'hôm trước', 'bữa trước', 'sắp tới', 'dạo này', 'mấy bữa nay'];
const ASKING_FORMULAS = [
  ...INTERROGATIVES,
  'xin hỏi',
  'cho hỏi',
  'muốn hỏi',
  // Not "cô hỏi" alone: folded it is "có hội" ("có hội chợ không").
  ...ADDRESS.flatMap((a) => [`cho ${a} hỏi`, `${a} muốn hỏi`, `cho ${a} xin`, `${a} ơi`, `${a} cho hỏi`]),
  // "anh chị ơi", "cô chú cho hỏi": two forms of address called together.
  ...ADDRESS.flatMap((a) => ADDRESS.flatMap((b) => [`${a} ${b} ơi`, `${a} ${b} cho hỏi`])),
];

/** A multi-syllable function phrase: its folded tokens, and each syllable's tone key as written. */
export interface StopPhrase {
  tokens: readonly string[];
  toneKeys: readonly string[];
}

/** Multi-syllable stopwords ("bao giờ", "thế nào", "cho nên") and asking formulas, by folded first word, longest first. */
export const STOP_PHRASES: ReadonlyMap<string, readonly StopPhrase[]> = (() => {
  const byFirst = new Map<string, StopPhrase[]>();
  for (const w of [...viStopwords.filter((x) => x.includes(' ')), ...ASKING_FORMULAS, ...RELATIVE_TIMES]) {
    const tokens = foldVi(w).split(' ');
    byFirst.set(tokens[0]!, [...(byFirst.get(tokens[0]!) ?? []), { tokens, toneKeys: w.split(' ').map(toneKey) }]);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return byFirst;
})();

/** Folded syllable → the chat words that fold to it. */
const chatReadings = new Map<string, string[]>();
for (const word of chatWords) {
  const key = foldVi(word);
  chatReadings.set(key, [...(chatReadings.get(key) ?? []), word]);
}

function accentedStopShare(word: string): number {
  const key = toneKey(word);
  return chatWords.has(key) ? 1 : stopSingles.has(key) ? LIST_ONLY_STOP : 0;
}

const shareCache = new Map<string, number>();

const readings = readingsData as Record<string, Record<string, number>>;

function foldedStopShare(folded: string): number {
  const cached = shareCache.get(folded);
  if (cached !== undefined) return cached;
  // Only syllables the tables know are cached: users type anything, and the cache must not grow with it.
  const known = Object.hasOwn(readings, folded);
  if (!known && !chatReadings.has(folded)) return 0;
  const counts = new Map<string, number>();
  for (const [reading, n] of Object.entries(known ? readings[folded]! : {})) {
    const key = toneKey(reading);
    counts.set(key, (counts.get(key) ?? 0) + n);
  }
  // Every chat word is assumed seen at least once: prose rarely says "vậy" or "hả", chat always does.
  for (const word of chatReadings.get(folded) ?? []) counts.set(word, Math.max(1, counts.get(word) ?? 0));
  let total = 0;
  let stop = 0;
  for (const [reading, count] of counts) {
    const weight = chatWords.has(reading) ? count * CHAT_REGISTER_PRIOR : count;
    total += weight;
    stop += weight * accentedStopShare(reading);
  }
  const share = total > 0 ? stop / total : 0;
  shareCache.set(folded, share);
  return share;
}

/**
 * How likely the word is a chat or function word rather than something asked about, 0..1.
 * `typed` is the word as the user wrote it (lowercased, NFC); when it carries accents it decides.
 * `asMeant`: written without marks in a message written with them, the unmarked word itself.
 */
export function stopShare(folded: string, typed?: string, asMeant = false): number {
  if (typed && typed !== folded && /[^\x00-\x7f]/.test(typed)) return TYPED_CHAT.has(toneKey(typed)) ? 1 : accentedStopShare(typed);
  if (asMeant) return accentedStopShare(folded);
  return foldedStopShare(folded);
}

const questionFolded = new Set(CHAT_CLASSES.question.split(' ').map(foldVi));

/** True when a question word ("gì", "đâu", "nào") folds to this syllable. */
export function isQuestionReading(folded: string): boolean {
  return questionFolded.has(folded);
}

/** True when some chat word folds to this syllable: a shorthand expanded to it ("z" → vay) meant that word. */
export function isChatReading(folded: string): boolean {
  return chatReadings.has(folded);
}

let asides: Map<string, { questions: number; lacking: number }> | undefined;
let loadedAsides: string | undefined;

/** Replaces the aside table's lines (the cross-validation bench builds one per fold); undefined: the shipped one. */
export function useAsideTable(lines: string | undefined): void {
  asides = undefined;
  loadedAsides = lines;
}

/**
 * Of the questions that hold this folded word, the share whose right item lacks it, shrunk towards 0
 * by `prior` questions (a word seen in three questions says little): near 1 for a word people write
 * around what they ask, 0 for one they ask about or that was never counted.
 */
export function asideShare(folded: string, prior: number): number {
  if (!asides) {
    asides = new Map();
    for (const line of (loadedAsides ?? (asideData as { words: string }).words).split('\n')) {
      const [word, questions, lacking] = line.split('\t');
      if (word) asides.set(word, { questions: Number(questions), lacking: Number(lacking) });
    }
  }
  const entry = asides.get(folded);
  return entry ? entry.lacking / (entry.questions + prior) : 0;
}
