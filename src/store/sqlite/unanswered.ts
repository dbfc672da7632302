/**
 * The embedded store's unanswered-questions section (see src/unanswered/ports.ts).
 */
import type {
  GroupStatus,
  LearnedPhrasings,
  NewOccurrence,
  OccurrenceFilter,
  QuestionGroup,
  QuestionOccurrence,
  UnansweredStore,
} from '../../unanswered/ports.js';
import type { ChannelName, UserKey } from '../types.js';
import { randomId } from '../shared.js';
import type { SqliteConnection } from './connection.js';

interface GroupRow {
  id: string;
  words: string;
  sample: string;
  status: string;
  item_id: string | null;
  created_at: string;
  updated_at: string;
}
interface OccurrenceRow {
  id: string;
  group_id: string;
  text: string;
  province_code: string | null;
  channel: string;
  user_id: string;
  candidates: string;
  reason: string;
  asked_at: string;
}
interface LearnedRow {
  item_id: string;
  phrasings: string;
  base_keywords: string;
  updated_at: string;
}

function toGroup(r: GroupRow): QuestionGroup {
  const g: QuestionGroup = { id: r.id, words: JSON.parse(r.words) as string[], sample: r.sample, status: r.status as GroupStatus, createdAt: r.created_at, updatedAt: r.updated_at };
  if (r.item_id !== null) g.itemId = r.item_id;
  return g;
}

function toOccurrence(r: OccurrenceRow): QuestionOccurrence {
  const o: QuestionOccurrence = {
    id: r.id,
    groupId: r.group_id,
    text: r.text,
    user: { channel: r.channel as ChannelName, userId: r.user_id },
    candidateIds: JSON.parse(r.candidates) as string[],
    reason: r.reason as QuestionOccurrence['reason'],
    askedAt: r.asked_at,
  };
  if (r.province_code !== null) o.provinceCode = r.province_code;
  return o;
}

const toLearned = (r: LearnedRow): LearnedPhrasings => ({
  itemId: r.item_id,
  phrasings: JSON.parse(r.phrasings) as string[],
  baseKeywords: JSON.parse(r.base_keywords) as string[],
  updatedAt: r.updated_at,
});

export class SqliteUnansweredStore implements UnansweredStore {
  constructor(private readonly c: SqliteConnection) {}

  async openGroups(): Promise<QuestionGroup[]> {
    return this.listGroups('open');
  }

  async addOccurrence(occurrence: NewOccurrence, target: { groupId: string } | { newGroup: Pick<QuestionGroup, 'words' | 'sample'> }): Promise<QuestionOccurrence> {
    return this.c.write(() => {
      let groupId: string;
      if ('groupId' in target) {
        groupId = target.groupId;
        this.c.q('UPDATE question_groups SET updated_at = ? WHERE id = ?').run(occurrence.askedAt, groupId);
      } else {
        groupId = randomId(8);
        this.c.q(`INSERT INTO question_groups (id, words, sample, status, created_at, updated_at) VALUES (?, ?, ?, 'open', ?, ?)`).run(groupId, JSON.stringify(target.newGroup.words), target.newGroup.sample, occurrence.askedAt, occurrence.askedAt);
      }
      const id = randomId(12);
      this.c.q(
        `INSERT INTO question_occurrences (id, group_id, text, province_code, channel, user_id, candidates, reason, asked_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, groupId, occurrence.text, occurrence.provinceCode ?? null, occurrence.user.channel, occurrence.user.userId, JSON.stringify(occurrence.candidateIds), occurrence.reason, occurrence.askedAt);
      return { ...occurrence, id, groupId };
    });
  }

  async removeOccurrence(id: string): Promise<void> {
    this.c.q('DELETE FROM question_occurrences WHERE id = ?').run(id);
  }

  async listOccurrences(filter: OccurrenceFilter = {}): Promise<QuestionOccurrence[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.groupIds) {
      if (filter.groupIds.length === 0) return [];
      where.push(`group_id IN (${filter.groupIds.map(() => '?').join(', ')})`);
      params.push(...filter.groupIds);
    }
    if (filter.provinceCode) {
      where.push('province_code = ?');
      params.push(filter.provinceCode);
    }
    if (filter.from) {
      where.push('asked_at >= ?');
      params.push(filter.from);
    }
    if (filter.until) {
      where.push('asked_at < ?');
      params.push(filter.until);
    }
    const sql = `SELECT * FROM question_occurrences ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY asked_at DESC, id${filter.limit ? ` LIMIT ${Math.floor(filter.limit)}` : ''}`;
    return (this.c.q(sql).all(...params) as OccurrenceRow[]).map(toOccurrence);
  }

  async getGroup(id: string): Promise<QuestionGroup | undefined> {
    const row = this.c.q('SELECT * FROM question_groups WHERE id = ?').get(id) as GroupRow | undefined;
    return row ? toGroup(row) : undefined;
  }

  async listGroups(status?: GroupStatus): Promise<QuestionGroup[]> {
    const rows = status
      ? (this.c.q('SELECT * FROM question_groups WHERE status = ? ORDER BY created_at').all(status) as GroupRow[])
      : (this.c.q('SELECT * FROM question_groups ORDER BY created_at').all() as GroupRow[]);
    return rows.map(toGroup);
  }

  async closeGroup(id: string, status: 'attached' | 'dismissed', at: Date, itemId?: string): Promise<boolean> {
    const r = this.c.q(`UPDATE question_groups SET status = ?, item_id = ?, updated_at = ? WHERE id = ? AND status = 'open'`).run(status, itemId ?? null, at.toISOString(), id);
    return r.changes === 1;
  }

  async getLearned(itemId: string): Promise<LearnedPhrasings | undefined> {
    const row = this.c.q('SELECT * FROM learned_phrasings WHERE item_id = ?').get(itemId) as LearnedRow | undefined;
    return row ? toLearned(row) : undefined;
  }

  async listLearned(): Promise<LearnedPhrasings[]> {
    return (this.c.q('SELECT * FROM learned_phrasings ORDER BY item_id').all() as LearnedRow[]).map(toLearned);
  }

  async eraseUser(user: UserKey): Promise<void> {
    eraseQuestionsOf(this.c, user);
  }

  async setLearned(l: LearnedPhrasings): Promise<void> {
    this.c.q(
      `INSERT INTO learned_phrasings (item_id, phrasings, base_keywords, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (item_id) DO UPDATE SET phrasings = excluded.phrasings, base_keywords = excluded.base_keywords, updated_at = excluded.updated_at`,
    ).run(l.itemId, JSON.stringify(l.phrasings), JSON.stringify(l.baseKeywords), l.updatedAt);
  }
}

/** UnansweredStore.eraseUser inside a transaction the caller holds (the store's erasePersonalData). */
export function eraseQuestionsOf(c: SqliteConnection, user: UserKey): void {
  c.q('DELETE FROM question_occurrences WHERE channel = ? AND user_id = ?').run(user.channel, user.userId);
}
