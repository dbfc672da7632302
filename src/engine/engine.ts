/**
 * The answer engine: question → intent + ranked content items, or nothing when unsure.
 * Candidates come from the inverted index (search-index.ts); fuse.js re-ranks the top few;
 * a confidence floor keeps questions the content does not cover from getting a random item.
 * The index follows the store: imports and deletions made by another process are picked up by revision.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/logger.js';
import type { ContentKind, StoredItem } from '../content/model.js';
import type { ContentStore, SettingsStore } from '../store/ports.js';
import { analyzeQuestion, type AnalyzedQuestion } from './analyze.js';
import { detectIntent, type Intent } from './intents.js';
import { readIndexSnapshot, writeIndexSnapshot } from './index-snapshot.js';
import { SearchIndex } from './search-index.js';
import { KIND_TERMS } from './fields.js';
import { foldVi } from '../text/fold.js';
import { DEFAULT_PARAMS, rankQuestion, type RankParams, type Ranked } from './ranker.js';
import { serviceOutsideContent } from './public-service-check.js';
import type { PublicService } from '../text/public-services.js';

export interface SearchOptions {
  kinds?: ContentKind[];
  /** Prefer (not require) items of this province. */
  provinceCode?: string;
  limit?: number;
}

export interface ScoredResult {
  id: string;
  kind: ContentKind;
  title: string;
  score: number;
}

export interface Answer {
  intent: Intent;
  analysis: AnalyzedQuestion;
  /** Confident answers, best first (empty when unsure). */
  results: ScoredResult[];
  /** When unsure: up to three items that came close, to offer as "Có phải bạn hỏi…". */
  suggestions: ScoredResult[];
  /** Code of the province asked for when the items found are in another one. */
  elsewhere?: string;
  /** A public service the content does not cover was asked for: no item answers, its office does. */
  service?: PublicService;
}

/** What `rank` finds (it sets every field, absent ones undefined). */
export type Ranking = Pick<Answer, 'results' | 'suggestions' | 'elsewhere' | 'service'>;

export interface Understanding {
  intent: Intent;
  analysis: AnalyzedQuestion;
}

/** Results this far below the best are noise, not alternatives. */
const RELATIVE_FLOOR = 0.8;
/** "Có phải bạn hỏi…" offers at most this many items. */
const SUGGESTIONS = 3;
/** How often a running process checks the store for newly imported content. */
const REFRESH_INTERVAL_MS = 1500;
/** Items indexed since the last snapshot before a new one is worth writing (default). */
const SNAPSHOT_AFTER_ITEMS = 1000;
/** Names the store a snapshot was built from (kept with the store's other small settings). */
const STORE_ID_KEY = 'search-index.store-id';

export interface EngineOptions {
  /** Where to keep the index snapshot (see index-snapshot.ts); none: always index from the store. */
  snapshotPath?: string;
  /** Items indexed from the store since the last snapshot before a new one is written. */
  snapshotAfterItems?: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  /** Ranking constants; the fitted defaults unless an experiment sets others. */
  params?: RankParams;
}

/** Intents that are commands; their words are not searched. */
export const NO_SEARCH: ReadonlySet<Intent> = new Set(['greeting', 'help', 'menu', 'thanks', 'my_enrollments', 'my_subscriptions', 'erase_data', 'officer']);

/**
 * Generic phrasings, with and without diacritics, touching every kind of content and the intents;
 * one in chat shorthand, so the content's shorthand readings (content-shorthand.ts, built from every
 * word and word pair of the index) are ready before the first user types "xg".
 */
const WARM_UP_QUESTIONS = [
  'xin chào',
  'hc xg co vc lm ko ad',
  'có lớp học nghề nào không',
  'hoc nghe mien phi cho ai',
  'chính sách hỗ trợ vay vốn',
  'hoi cho trien lam sap toi',
  'dang ky hoc',
  'cho xin sdt tu van',
  'kế hoạch đào tạo năm nay',
];
const WARM_UP_ROUNDS = 5;

/** What a command's own words keep of their weight when the message names something else too. */
const COMMAND_WORD_WEIGHT = 0.3;
/** A word found in at least this share of the items names nothing in particular. */
const GENERIC_SHARE = 0.25;

/**
 * "đăng ký lớp hàn điện" asks for the welding course, not for the FAQ on how to enrol: the command's
 * words weigh less when other content words are there. Alone ("đăng ký học thế nào") they are the question.
 */
function withCommandWordsDown(analysis: AnalyzedQuestion, commandWords: ReadonlySet<string>, index: SearchIndex): AnalyzedQuestion {
  if (commandWords.size === 0) return analysis;
  const isCommand = (t: AnalyzedQuestion['terms'][number]) => t.alternatives[0]!.every((w) => commandWords.has(w));
  // Something specific: a content word that only some items have (not "học", "lớp", found everywhere).
  const common = Math.max(1, index.size * GENERIC_SHARE);
  const specific = (t: AnalyzedQuestion['terms'][number]) => t.lexical >= 0.5 && t.alternatives[0]!.some((w) => index.df(index.termId(w)) < common);
  // Only the sentences that ask count: a story told before "giờ đăng ký thế nào?" does not make the
  // question about something else.
  if (!analysis.terms.some((t) => t.asking && !isCommand(t) && specific(t))) return analysis;
  return { ...analysis, terms: analysis.terms.map((t) => (isCommand(t) ? { ...t, emphasis: COMMAND_WORD_WEIGHT } : t)) };
}

/**
 * Module functions rather than closures made per question: the sources run through tsx, which gives
 * every named closure an `Object.defineProperty` of its name each time one is made.
 */
function pairCount(index: SearchIndex, a: string | undefined, b: string | undefined): number {
  return a && b ? Math.max(0, index.df(index.pairTerm(a, b))) : 0;
}

/**
 * How many items write a reading of several words beside its neighbour: those holding the pair with
 * the neighbour and every pair within the reading. "may cn": "may công" is written where both
 * "công nghiệp" and "công nhân" are read, so the neighbour's pair alone cannot choose; the items
 * that also write "công nghiệp" can. One word: the neighbour's pair alone.
 */
function phraseCount(index: SearchIndex, a: string | undefined, b: string | undefined, reading: readonly string[]): number {
  if (!a || !b || reading.length < 2) return pairCount(index, a, b);
  const beside = index.pairTerm(a, b);
  if (beside < 0) return 0;
  let slots = index.candidateSlots([beside]);
  for (let k = 1; k < reading.length && slots.length > 0; k++) {
    const inner = index.pairTerm(reading[k - 1]!, reading[k]!);
    if (inner < 0) return 0;
    const held = index.weightsOf(inner, slots);
    slots = slots.filter((_, i) => held[i]! > 0);
  }
  return slots.length;
}

function readingFit(index: SearchIndex, previous: string | undefined, reading: readonly string[], next: string | undefined): number {
  return phraseCount(index, previous, reading[0], reading) + phraseCount(index, reading.at(-1), next, reading);
}

/**
 * An answer with every field there, in one order (absent ones undefined), whichever way it was
 * reached: answers of one shape, for the code that reads them on every turn.
 */
export function answerOf(intent: Intent, analysis: AnalyzedQuestion, ranked: Ranking | undefined): Answer {
  if (!ranked) return { intent, analysis, results: [], suggestions: [], elsewhere: undefined, service: undefined };
  return { intent, analysis, results: ranked.results, suggestions: ranked.suggestions, elsewhere: ranked.elsewhere, service: ranked.service };
}

/** The ranked items sure enough to answer that lie outside the provinces asked (national ones are everywhere). */
function sureElsewhere(ranked: readonly Ranked[], asked: ReadonlySet<string>, gate: number): Ranked[] {
  return ranked.filter((r) => r.confidence >= gate && r.doc.provinceCode !== undefined && !asked.has(r.doc.provinceCode));
}

/** No answer where they asked: the items elsewhere, and the first province asked, for the reply to name. */
function offeredElsewhere(found: readonly Ranked[], asked: ReadonlySet<string>): Ranking {
  return { results: [], suggestions: found.map(toResult), elsewhere: [...asked][0], service: undefined };
}

function toResult(r: Ranked): ScoredResult {
  return { id: r.doc.id, kind: r.doc.kind, title: r.doc.title, score: Math.round(r.confidence * 1000) / 1000 };
}

export class AnswerEngine {
  private _index = new SearchIndex();
  private revision = 0;
  private lastCheck = 0;
  private refreshing?: Promise<void>;
  /** Items indexed from the store that the snapshot on disk does not hold yet. */
  private unsaved = 0;
  private saving?: Promise<void>;
  /** The last `understand` result (its weights depend on the index revision). */
  private lastUnderstood?: { question: string; revision: number; understanding: Understanding };

  constructor(
    private readonly store: ContentStore & SettingsStore,
    private readonly options: EngineOptions = {},
  ) {}

  get index(): SearchIndex {
    return this._index;
  }

  /** Loads every item into the index: from the snapshot when there is a usable one, then the store. */
  async load(): Promise<void> {
    if (this.options.snapshotPath) await this.restoreSnapshot(this.options.snapshotPath);
    await this.refresh(true);
  }

  /** Picks up content written since the last look (by this or another process). */
  async refresh(force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastCheck < REFRESH_INTERVAL_MS) return;
    this.lastCheck = now;
    this.refreshing ??= (async () => {
      try {
        const rev = await this.store.contentRevision();
        if (rev === this.revision && !force) return;
        let max = this.revision;
        for await (const item of this.store.iterateItems(this.revision)) {
          this.index.upsert(item);
          this.unsaved++;
          if (item.rev > max) max = item.rev;
        }
        // After the items: one written again after its deletion has the higher revision and stays.
        for (const removal of await this.store.removedSince(this.revision)) {
          if (this.index.remove(removal.id, removal.rev)) this.unsaved++;
        }
        this.index.seal();
        this.revision = Math.max(max, rev);
        if (this.options.snapshotPath && this.unsaved >= (this.options.snapshotAfterItems ?? SNAPSHOT_AFTER_ITEMS)) this.saveSnapshot(this.options.snapshotPath);
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  /** Waits for a snapshot being written, so a short-lived process (the CLI) does not cut it off. */
  async close(): Promise<void> {
    await this.saving;
  }

  private async restoreSnapshot(path: string): Promise<void> {
    try {
      const storeId = await this.store.getValue(STORE_ID_KEY);
      const snapshot = storeId ? await readIndexSnapshot(path, storeId) : undefined;
      if (!snapshot) return;
      // A store restored from an older backup is behind the snapshot: the snapshot cannot be trusted.
      if (snapshot.revision > (await this.store.contentRevision())) return;
      this._index = SearchIndex.fromImage(snapshot.image);
      this.revision = snapshot.revision;
    } catch (err) {
      this.options.logger?.warn({ err: (err as Error).message }, 'search index snapshot unusable; indexing from the store');
      this._index = new SearchIndex();
      this.revision = 0;
    }
  }

  /** Writes the snapshot in the background, one write at a time; a failure only costs the next start-up. */
  private saveSnapshot(path: string): void {
    if (this.saving) return;
    const revision = this.revision;
    const unsaved = this.unsaved;
    this.saving = (async () => {
      try {
        let storeId = await this.store.getValue(STORE_ID_KEY);
        if (!storeId) await this.store.setValue(STORE_ID_KEY, (storeId = randomUUID()));
        await writeIndexSnapshot(path, this.index.toImage(), { storeId, revision });
        this.unsaved -= unsaved;
      } catch (err) {
        this.options.logger?.warn({ err: (err as Error).message }, 'could not write the search index snapshot');
      } finally {
        this.saving = undefined;
      }
    })();
  }

  /**
   * Runs a few everyday questions through the engine before the server takes traffic, so the
   * first users after a start do not pay for the JIT and cold caches (the first dozen answers are
   * several times slower than the rest). Answers are thrown away; nothing is written.
   */
  async warmUp(budgetMs = 200): Promise<number> {
    const end = Date.now() + budgetMs;
    let asked = 0;
    for (let round = 0; round < WARM_UP_ROUNDS && Date.now() < end; round++) {
      for (const q of WARM_UP_QUESTIONS) {
        const answer = await this.ask(q);
        await this.items(answer.results.slice(0, 3));
        asked++;
      }
    }
    return asked;
  }

  async ask(question: string, options: SearchOptions = {}): Promise<Answer> {
    await this.refresh();
    const { intent, analysis } = this.understand(question);
    return answerOf(intent, analysis, NO_SEARCH.has(intent) ? undefined : this.rank(analysis, options));
  }

  /**
   * The question read once: its intent, and its terms weighed for search (command words down).
   * The last reading is kept, so the router's look at the intent and the handler's question in the
   * same turn analyse the message once.
   */
  understand(question: string): Understanding {
    const last = this.lastUnderstood;
    if (last && last.question === question && last.revision === this.revision) return last.understanding;
    const index = this.index;
    const analysis = analyzeQuestion(
      question,
      (previous, reading, next) => readingFit(index, previous, reading, next),
      (token) => index.readShorthand(token),
    );
    const { intent, commandWords } = detectIntent(analysis.folded, analysis.text);
    const understanding = { intent, analysis: withCommandWordsDown(analysis, commandWords, this.index) };
    this.lastUnderstood = { question, revision: this.revision, understanding };
    return understanding;
  }

  /**
   * Ranks items for an analysed question: `results` when the best clears the confidence gate,
   * else up to three `suggestions` that came close ("Có phải bạn hỏi…"), else nothing.
   */
  rank(analysis: AnalyzedQuestion, options: SearchOptions = {}): Ranking {
    const params = this.options.params ?? DEFAULT_PARAMS;
    const ranked = rankQuestion(this.index, analysis, params, { kinds: options.kinds, provinceCode: options.provinceCode, limit: 10 });
    const best = ranked[0];
    // A public service the content does not cover is named instead of an item sharing its words,
    // unless an item is sure far beyond the gate: then the service's words were a detail of the story.
    const service = serviceOutsideContent(this.index, analysis);
    if (service && !(best && best.confidence >= params.gate * params.serviceYield)) return { results: [], suggestions: [], elsewhere: undefined, service };
    const asked = new Set(analysis.provinces.map((p) => p.code));
    if (options.provinceCode) asked.add(options.provinceCode);
    // The asked province has nothing: the closest items elsewhere are offered, and the reply says so.
    // An item whose own text names the district asked about is there, whatever its province.
    const elsewhere = best && asked.size > 0 && best.doc.provinceCode && !asked.has(best.doc.provinceCode) && !best.placeNamed ? [...asked][0] : undefined;
    if (!best || best.confidence < params.gate) {
      const near = ranked.filter((r) => r.confidence / r.answerOnly >= params.gate * params.suggestShare).slice(0, SUGGESTIONS);
      // Close items in the place asked are offered as they are: the place has something, so it is not
      // said to have none ("Chương Mỹ đang mở những lớp nào" keeps Chương Mỹ's courses).
      if (asked.size > 0 && !near.some((r) => r.placeNamed || (r.doc.provinceCode !== undefined && asked.has(r.doc.provinceCode)))) {
        // Nothing sure where they asked: if the topic itself is answered somewhere else ("lớp hàn" in
        // An Giang for "lớp hàn ở Hà Nội"), offer that, saying the place asked has none.
        const found = sureElsewhere(this.rankWithoutPlace(analysis, params, options, SUGGESTIONS), asked, params.gate);
        if (found.length > 0) return offeredElsewhere(found, asked);
      }
      return { results: [], suggestions: near.map(toResult), elsewhere: near.length > 0 ? elsewhere : undefined, service: undefined };
    }
    // Sure of an item in the place asked, but one elsewhere matches what is asked far better ("Long
    // An có lớp hàn không" → Long An's only course, on rice paper; the welding course is elsewhere):
    // the item answered the place, not the question. Offered as elsewhere, as above.
    if (asked.size > 0 && best.doc.provinceCode && asked.has(best.doc.provinceCode) && !best.placeNamed && params.topicLead > 0 && namesTopic(analysis)) {
      const anywhere = this.rankWithoutPlace(analysis, params, options, SUGGESTIONS + 5);
      const found = sureElsewhere(anywhere, asked, params.gate);
      const own = anywhere.find((r) => r.doc.id === best.doc.id);
      // The best item read without the place is itself elsewhere, and far ahead; and the item here
      // covers little of the rest of the question (a question that names no topic beyond "lớp học
      // nghề" is answered by the courses there, whatever scores higher elsewhere).
      if (found[0] !== undefined && found[0] === anywhere[0] && found[0].score >= params.topicLead * (own?.score ?? 0) && (own?.coverage ?? 0) < params.topicCover) return offeredElsewhere(found.slice(0, SUGGESTIONS), asked);
    }
    const results = ranked.filter((r) => r.confidence >= params.gate && r.score >= best.score * RELATIVE_FLOOR).slice(0, options.limit ?? 5);
    // Sure of the topic, but not in the place asked: not an answer to the question, an offer beside it.
    if (elsewhere) return { results: [], suggestions: results.slice(0, SUGGESTIONS).map(toResult), elsewhere, service: undefined };
    return { results: results.map(toResult), suggestions: [], elsewhere, service: undefined };
  }

  /** The question ranked without the places it names: where its topic is answered, wherever that is. */
  private rankWithoutPlace(analysis: AnalyzedQuestion, params: RankParams, options: SearchOptions, limit: number): Ranked[] {
    return rankQuestion(this.index, { ...analysis, provinces: [], terms: analysis.terms.filter((t) => !t.place) }, params, { kinds: options.kinds, limit });
  }

  /** Full items for results, in result order. */
  async items(results: ScoredResult[]): Promise<StoredItem[]> {
    const items = await this.store.getItems(results.map((r) => r.id));
    const byId = new Map(items.map((i) => [i.id, i]));
    return results.map((r) => byId.get(r.id)).filter((i): i is StoredItem => Boolean(i));
  }
}

/** The words people use for a kind of item ("lớp", "học nghề", "hội chợ"), folded. */
const KIND_WORDS: ReadonlySet<string> = new Set(Object.values(KIND_TERMS).flatMap((words) => foldVi(words).split(' ')));

/**
 * Whether the question asks about something beyond a kind of item: "Hải Dương có lớp học nghề nào
 * không" names none, so the courses there answer it, whatever scores higher elsewhere.
 */
function namesTopic(analysis: AnalyzedQuestion): boolean {
  return analysis.terms.some((t) => t.asking && !t.place && t.value !== true && t.lexical >= 0.5 && !t.alternatives[0]!.every((w) => KIND_WORDS.has(w)));
}
