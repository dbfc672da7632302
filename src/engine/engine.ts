/**
 * The answer engine: question → intent + ranked content items, or nothing when unsure.
 * Candidates come from the inverted index (search-index.ts); fuse.js re-ranks the top few;
 * a confidence floor keeps questions the content does not cover from getting a random item.
 * The index follows the store: imports made by another process are picked up by revision.
 */
import { randomUUID } from 'node:crypto';
import Fuse from 'fuse.js';
import type { Logger } from '../observability/logger.js';
import type { ContentKind, StoredItem } from '../content/model.js';
import type { Store } from '../store/types.js';
import { analyzeQuestion, type AnalyzedQuestion } from './analyze.js';
import { detectIntent, type Intent } from './intents.js';
import { readIndexSnapshot, writeIndexSnapshot } from './index-snapshot.js';
import { SearchIndex, type Candidate, type IndexedDoc } from './search-index.js';

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
  results: ScoredResult[];
}

/** Tunables, in one place. Coverage is the weighted share of the question the item answers. */
const CANDIDATES = 40;
const MIN_COVERAGE = 0.52;
const MIN_SCORE = 0.5;
/** Results this far below the best are noise, not alternatives. */
const RELATIVE_FLOOR = 0.8;
const PROVINCE_WEIGHT = 1.6;
const FUSE_SHARE = 0.2;
/** A word found in at least this share of the items names nothing in particular. */
const GENERIC_SHARE = 0.25;
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
}

/** Intents that are commands; their words are not searched. */
const NO_SEARCH: ReadonlySet<Intent> = new Set(['greeting', 'help', 'menu', 'thanks', 'my_enrollments', 'my_subscriptions', 'erase_data', 'officer']);

/** Generic phrasings, with and without diacritics, touching every kind of content and the intents. */
const WARM_UP_QUESTIONS = [
  'xin chào',
  'có lớp học nghề nào không',
  'hoc nghe mien phi cho ai',
  'chính sách hỗ trợ vay vốn',
  'hoi cho trien lam sap toi',
  'dang ky hoc',
  'cho xin sdt tu van',
  'kế hoạch đào tạo năm nay',
];
const WARM_UP_ROUNDS = 5;

export class AnswerEngine {
  private _index = new SearchIndex();
  private revision = 0;
  private lastCheck = 0;
  private refreshing?: Promise<void>;
  /** Items indexed from the store that the snapshot on disk does not hold yet. */
  private unsaved = 0;
  private saving?: Promise<void>;

  constructor(
    private readonly store: Store,
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
      const storeId = await this.store.getSecret(STORE_ID_KEY);
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
        let storeId = await this.store.getSecret(STORE_ID_KEY);
        if (!storeId) await this.store.setSecret(STORE_ID_KEY, (storeId = randomUUID()));
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
    let analysis = analyzeQuestion(question);
    const { intent, rest } = detectIntent(analysis.folded, analysis.text);
    if (NO_SEARCH.has(intent)) return { intent, analysis, results: [] };
    if (rest !== analysis.folded) {
      const stripped = analyzeQuestion(rest);
      // "đăng ký học thế nào" asks how to enrol, not for a course named "học": when nothing specific
      // is left once the intent's words are gone, the whole question is searched.
      if (stripped.provinces.length > 0 || this.isSpecific(stripped)) {
        analysis = { ...stripped, text: analysis.text, folded: analysis.folded, tokens: analysis.tokens };
      }
    }
    return { intent, analysis, results: this.rank(analysis, options) };
  }

  /** Whether the question names something that only some items have (not just "học", "lớp"). */
  private isSpecific(analysis: AnalyzedQuestion): boolean {
    const common = Math.max(1, this.index.size * GENERIC_SHARE);
    return analysis.groups.some((g) => g.alternatives[0]!.some((t) => this.index.documentFrequency(t) < common));
  }

  /** Ranks items for an analysed question; empty when nothing clears the confidence floor. */
  rank(analysis: AnalyzedQuestion, options: SearchOptions = {}): ScoredResult[] {
    if (analysis.groups.length === 0) {
      // Only a place ("vĩnh long"): not a question we can answer with one item.
      return [];
    }
    const provinceCodes = new Set(analysis.provinces.map((p) => p.code));
    if (options.provinceCode) provinceCodes.add(options.provinceCode);
    const docBonus =
      provinceCodes.size > 0
        ? (doc: IndexedDoc) => ({
            weight: PROVINCE_WEIGHT,
            // National items (no province) half-match any province: policies apply everywhere.
            match: !doc.provinceCode ? 0.5 : provinceCodes.has(doc.provinceCode) ? 1 : 0,
          })
        : undefined;
    let candidates = this.index.candidates(analysis.groups, { limit: CANDIDATES * 3, docBonus });
    if (options.kinds?.length) candidates = candidates.filter((c) => options.kinds!.includes(c.doc.kind));
    candidates = candidates.slice(0, CANDIDATES).filter((c) => c.coverage >= MIN_COVERAGE);
    if (candidates.length === 0) return [];

    const scored = this.fuseRerank(analysis, candidates);
    const best = scored[0]!.score;
    if (best < MIN_SCORE) return [];
    return scored
      .filter((r) => r.score >= best * RELATIVE_FLOOR)
      .slice(0, options.limit ?? 5)
      .map((r) => ({ id: r.doc.id, kind: r.doc.kind, title: r.doc.title, score: Math.round(r.score * 1000) / 1000 }));
  }

  /** fuse.js over the candidates only: adds approximate-substring evidence to the index coverage. */
  private fuseRerank(analysis: AnalyzedQuestion, candidates: Candidate[]): { doc: IndexedDoc; score: number }[] {
    const pattern = analysis.groups.map((g) => g.alternatives[0]!.join(' ')).join(' ').slice(0, 64);
    const fuse = new Fuse(
      candidates.map((c) => c.doc),
      {
        keys: [
          { name: 'titleFolded', weight: 3 },
          { name: 'keywordsFolded', weight: 2 },
        ],
        includeScore: true,
        ignoreLocation: true,
        threshold: 0.6,
        useTokenSearch: true,
      } as ConstructorParameters<typeof Fuse<IndexedDoc>>[1],
    );
    const fuseScore = new Map<string, number>();
    for (const r of fuse.search(pattern)) fuseScore.set(r.item.id, r.score ?? 1);
    return candidates
      .map((c) => ({ doc: c.doc, score: (1 - FUSE_SHARE) * c.coverage + FUSE_SHARE * (1 - (fuseScore.get(c.doc.id) ?? 1)) }))
      .sort((a, b) => b.score - a.score || a.doc.id.localeCompare(b.doc.id));
  }

  /** Full items for results, in result order. */
  async items(results: ScoredResult[]): Promise<StoredItem[]> {
    const items = await this.store.getItems(results.map((r) => r.id));
    const byId = new Map(items.map((i) => [i.id, i]));
    return results.map((r) => byId.get(r.id)).filter((i): i is StoredItem => Boolean(i));
  }
}
