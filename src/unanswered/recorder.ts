/**
 * Records, during a turn, the questions the bot could not answer confidently: the fallback, and
 * "Có phải bạn hỏi…" offers. An offer the user then takes (taps one of the items) was an answer
 * after all, so its record is removed again. Text is masked before anything is written.
 */
import type { Answer, AnswerEngine } from '../engine/engine.js';
import type { UserKey } from '../store/types.js';
import { maskPersonalData } from './mask.js';
import { closestGroup, questionWords } from './grouping.js';
import type { QuestionGroup, QuestionOccurrence, UnansweredStore } from './ports.js';

/** Offers remembered per process, waiting to see whether they are taken; the oldest are dropped beyond this. */
const MAX_PENDING_OFFERS = 10_000;
/**
 * How long the open groups read from the store are reused. Reading them all for every question cost
 * more than the rest of the turn with a few thousand groups; a group another process opened meanwhile
 * is missed for this long at worst (a near-duplicate group an officer can still attach).
 */
const GROUPS_TTL_MS = 10_000;

const userKey = (u: UserKey) => `${u.channel}:${u.userId}`;

export class UnansweredRecorder {
  /** Last offer shown to each user: the occurrence and the items offered. */
  private readonly offers = new Map<string, { occurrenceId: string; itemIds: string[] }>();
  private groups?: { list: QuestionGroup[]; at: number };

  constructor(
    private readonly store: UnansweredStore,
    private readonly engine: Pick<AnswerEngine, 'understand'>,
  ) {}

  /** Whether an answer counts as "not answered": no confident result for a question that was searched. */
  static unanswered(answer: Answer): boolean {
    return answer.results.length === 0 && answer.intent !== 'contact' && answer.analysis.tokens.length > 0;
  }

  async record(user: UserKey, question: string, answer: Answer, at: Date): Promise<QuestionOccurrence> {
    const text = maskPersonalData(question);
    // Grouped on the masked text: a name or number the user typed must not make two questions differ.
    const words = questionWords(this.engine.understand(text).analysis);
    const group = closestGroup(words, await this.openGroups(at));
    const reason = answer.suggestions.length > 0 ? 'suggestion' : 'fallback';
    const occurrence = await this.store.addOccurrence(
      {
        text,
        user,
        candidateIds: answer.suggestions.map((s) => s.id),
        reason,
        askedAt: at.toISOString(),
        ...(answer.analysis.provinces[0] ? { provinceCode: answer.analysis.provinces[0].code } : answer.elsewhere ? { provinceCode: answer.elsewhere } : {}),
      },
      group ? { groupId: group.id } : { newGroup: { words, sample: text } },
    );
    if (!group) this.groups?.list.push({ id: occurrence.groupId, words, sample: text, status: 'open', createdAt: occurrence.askedAt, updatedAt: occurrence.askedAt });
    const key = userKey(user);
    this.offers.delete(key);
    if (reason === 'suggestion') {
      if (this.offers.size >= MAX_PENDING_OFFERS) this.offers.delete(this.offers.keys().next().value!);
      this.offers.set(key, { occurrenceId: occurrence.id, itemIds: occurrence.candidateIds });
    }
    return occurrence;
  }

  private async openGroups(at: Date): Promise<QuestionGroup[]> {
    if (!this.groups || at.getTime() - this.groups.at > GROUPS_TTL_MS || at.getTime() < this.groups.at) {
      this.groups = { list: await this.store.openGroups(), at: at.getTime() };
    }
    return this.groups.list;
  }

  /**
   * Called on the user's next turn: opening one of the offered items means the offer answered the
   * question; anything else leaves the record as it is.
   */
  async nextTurn(user: UserKey, openedItemId: string | undefined): Promise<void> {
    const key = userKey(user);
    const offer = this.offers.get(key);
    if (!offer) return;
    this.offers.delete(key);
    if (openedItemId && offer.itemIds.includes(openedItemId)) await this.store.removeOccurrence(offer.occurrenceId);
  }
}
