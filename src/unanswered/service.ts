/**
 * What officers do with unanswered questions (the CLI and the console call this): list the groups
 * with counts and likely items, attach a group to an item, dismiss it, see learned phrasings.
 */
import { notificationInput } from '../broadcast/notifier.js';
import { provinceCodeOf } from '../content/import.js';
import { contentItemSchema } from '../content/model.js';
import type { AnswerEngine, ScoredResult } from '../engine/engine.js';
import type { Reply } from '../replies/model.js';
import { button } from '../replies/actions.js';
import { itemAction } from '../content/actions.js';
import type { Store } from '../store/ports.js';
import type { UserKey } from '../store/types.js';
import { cleanInput } from '../text/fold.js';
import { contentOf, fileKeywordsOf, mergedKeywords } from './learned.js';
import type { GroupStatus, LearnedPhrasings, QuestionGroup, QuestionOccurrence } from './ports.js';

export interface GroupFilter {
  /** Only questions naming this province. */
  provinceCode?: string;
  /** ISO bounds on when the questions were asked (from inclusive, until exclusive). */
  from?: string;
  until?: string;
  /** Default 'open'. */
  status?: GroupStatus;
  limit?: number;
}

export interface GroupSummary {
  id: string;
  sample: string;
  status: GroupStatus;
  itemId?: string;
  /** Questions in the filter's province and period. */
  count: number;
  lastAskedAt: string;
  /** The few newest phrasings (masked). */
  examples: string[];
  provinceCodes: string[];
  /** The engine's best candidates under its confidence floor for the group's questions. */
  likely: ScoredResult[];
}

export type AttachOutcome =
  | { ok: true; itemId: string; phrasings: string[]; notified: number }
  | { ok: false; reason: 'no-group' | 'no-item' | 'closed' };

/** Phrasings taken from one group at most (the newest): enough to teach the engine, not a dump. */
const MAX_PHRASINGS = 20;
const EXAMPLES = 3;
const LIKELY = 3;

export interface UnansweredDeps {
  store: Store;
  engine: Pick<AnswerEngine, 'understand' | 'rank' | 'refresh'>;
  now?: () => Date;
}

export class UnansweredService {
  private readonly now: () => Date;

  constructor(private readonly deps: UnansweredDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Groups most asked first, then most recently asked. */
  async list(filter: GroupFilter = {}): Promise<GroupSummary[]> {
    const { unanswered } = this.deps.store;
    const groups = new Map((await unanswered.listGroups(filter.status ?? 'open')).map((g) => [g.id, g]));
    const occurrences = await unanswered.listOccurrences({
      groupIds: [...groups.keys()],
      ...(filter.provinceCode ? { provinceCode: filter.provinceCode } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.until ? { until: filter.until } : {}),
    });
    const byGroup = new Map<string, QuestionOccurrence[]>();
    for (const o of occurrences) (byGroup.get(o.groupId) ?? byGroup.set(o.groupId, []).get(o.groupId)!).push(o);
    await this.deps.engine.refresh();
    const summaries = [...byGroup].map(([id, list]) => this.summary(groups.get(id)!, list));
    summaries.sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt));
    const shown = filter.limit ? summaries.slice(0, filter.limit) : summaries;
    // Candidates remembered from when the question was asked carry only their id: look them up.
    const untitled = [...new Set(shown.flatMap((s) => s.likely.filter((l) => !l.title).map((l) => l.id)))];
    const items = new Map((await this.deps.store.getItems(untitled)).map((i) => [i.id, i]));
    for (const s of shown) {
      s.likely = s.likely.flatMap((l) => {
        if (l.title) return [l];
        const item = items.get(l.id);
        return item ? [{ ...l, kind: item.kind, title: item.title }] : [];
      });
    }
    return shown;
  }

  /** `list` is newest first, so the first occurrence is the latest. */
  private summary(group: QuestionGroup, newestFirst: QuestionOccurrence[]): GroupSummary {
    const examples = [...new Set(newestFirst.map((o) => o.text))].slice(0, EXAMPLES);
    return {
      id: group.id,
      sample: group.sample,
      status: group.status,
      ...(group.itemId ? { itemId: group.itemId } : {}),
      count: newestFirst.length,
      lastAskedAt: newestFirst[0]!.askedAt,
      examples,
      provinceCodes: [...new Set(newestFirst.flatMap((o) => (o.provinceCode ? [o.provinceCode] : [])))],
      likely: this.likely(group, newestFirst),
    };
  }

  /** Candidates ranked now (content may have changed since), then those offered when asked. */
  private likely(group: QuestionGroup, occurrences: QuestionOccurrence[]): ScoredResult[] {
    const { engine } = this.deps;
    const ranked = engine.rank(engine.understand(group.sample).analysis);
    const out = new Map<string, ScoredResult>();
    for (const r of [...ranked.results, ...ranked.suggestions]) if (!out.has(r.id)) out.set(r.id, r);
    const offered = new Map<string, number>();
    for (const o of occurrences) for (const id of o.candidateIds) offered.set(id, (offered.get(id) ?? 0) + 1);
    for (const [id] of [...offered].sort((a, b) => b[1] - a[1])) {
      if (!out.has(id)) out.set(id, { id, kind: 'faq', title: '', score: 0 });
    }
    return [...out.values()].slice(0, LIKELY);
  }

  /**
   * Turns a group into an answer: its phrasings become keywords of the item (the engine answers them
   * from its next refresh), the people who asked are told once, the group is closed. Each step can
   * be run again: an attach cut short by a crash is completed by running it again.
   */
  async attach(groupId: string, itemId: string): Promise<AttachOutcome> {
    const { store } = this.deps;
    const group = await store.unanswered.getGroup(groupId);
    if (!group) return { ok: false, reason: 'no-group' };
    if (group.status !== 'open' && !(group.status === 'attached' && group.itemId === itemId)) return { ok: false, reason: 'closed' };
    const item = await store.getItem(itemId);
    if (!item) return { ok: false, reason: 'no-item' };
    const at = this.now();
    const occurrences = await store.unanswered.listOccurrences({ groupIds: [groupId] });
    const phrasings = [...new Set(occurrences.map((o) => cleanInput(o.text, 300).toLowerCase()).filter(Boolean))].slice(0, MAX_PHRASINGS);

    const previous = await store.unanswered.getLearned(itemId);
    const fileKeywords = fileKeywordsOf(item, previous);
    const kept = previous && fileKeywords.join('\u0000') === previous.baseKeywords.join('\u0000') ? previous.phrasings : [];
    const learned: LearnedPhrasings = { itemId, phrasings: [...new Set([...kept, ...phrasings])], baseKeywords: fileKeywords, updatedAt: at.toISOString() };
    // Kept apart first, so a re-import between the two writes still carries them.
    await store.unanswered.setLearned(learned);
    await store.importItems([{ ...contentOf(item), keywords: mergedKeywords(fileKeywords, learned) }], provinceCodeOf);

    const notified = await this.tellAskers(groupId, itemId, item.title, occurrences, at);
    await store.unanswered.closeGroup(groupId, 'attached', at, itemId);
    return { ok: true, itemId, phrasings, notified };
  }

  /**
   * Writes a new FAQ item answering the group (`faq-<group id>`, validated like an imported one) and
   * attaches the group to it. Throws ZodError when the title or answer is not acceptable content.
   */
  async answerWithNewItem(groupId: string, answer: { title: string; summary: string }): Promise<AttachOutcome> {
    const group = await this.deps.store.unanswered.getGroup(groupId);
    if (!group) return { ok: false, reason: 'no-group' };
    if (group.status !== 'open') return { ok: false, reason: 'closed' };
    const item = contentItemSchema.parse({ id: `faq-${groupId.toLowerCase()}`, kind: 'faq', title: answer.title, summary: answer.summary });
    await this.deps.store.importItems([item], provinceCodeOf);
    return this.attach(groupId, item.id);
  }

  async dismiss(groupId: string): Promise<boolean> {
    return this.deps.store.unanswered.closeGroup(groupId, 'dismissed', this.now());
  }

  async learned(itemId?: string): Promise<LearnedPhrasings[]> {
    const { unanswered } = this.deps.store;
    if (itemId) {
      const l = await unanswered.getLearned(itemId);
      return l ? [l] : [];
    }
    return unanswered.listLearned();
  }

  /**
   * One message per person who asked, through the outbox (quiet hours, channel rules, rate limits);
   * the dedupe key makes it once even if attach runs again.
   */
  private async tellAskers(groupId: string, itemId: string, title: string, occurrences: QuestionOccurrence[], at: Date): Promise<number> {
    const seen = new Map<string, { user: UserKey; text: string }>();
    for (const o of occurrences) {
      // The terminal cannot be reached outside its session.
      if (o.user.channel === 'cli') continue;
      const key = `${o.user.channel}:${o.user.userId}`;
      if (!seen.has(key)) seen.set(key, { user: o.user, text: o.text });
    }
    let created = 0;
    for (const [key, { user, text }] of seen) {
      const reply: Reply = {
        text: `Câu hỏi của bạn hôm trước đã có câu trả lời: “${text}”\n👉 ${title}`,
        buttons: [[button('📌 Xem chi tiết', itemAction, itemId)].filter((b) => b !== undefined)],
      };
      const input = { ...notificationInput(user, reply, at), dedupeKey: `answered:${groupId}:${key}` };
      if ((await this.deps.store.createAnnouncement(input, at)).created) created++;
    }
    return created;
  }
}
