/**
 * The MongoDB store's unanswered-questions section (see src/unanswered/ports.ts): collections
 * question_groups, question_occurrences and learned_phrasings.
 */
import { Schema, type Connection, type Model } from 'mongoose';
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

interface GroupDoc extends Omit<QuestionGroup, 'id'> {
  _id: string;
}
interface OccurrenceDoc extends Omit<QuestionOccurrence, 'id' | 'user'> {
  _id: string;
  channel: string;
  userId: string;
}
interface LearnedDoc extends Omit<LearnedPhrasings, 'itemId'> {
  _id: string;
}

const opts = { versionKey: false, strict: true } as const;
const OCCURRENCE_MODEL = 'QuestionOccurrence';

export function buildUnansweredSchemas() {
  const group = new Schema<GroupDoc>(
    {
      _id: { type: String, required: true },
      words: { type: [String], default: [] },
      sample: { type: String, required: true },
      status: { type: String, required: true },
      itemId: String,
      createdAt: { type: String, required: true },
      updatedAt: { type: String, required: true },
    },
    { ...opts, collection: 'question_groups' },
  );
  group.index({ status: 1 });
  const occurrence = new Schema<OccurrenceDoc>(
    {
      _id: { type: String, required: true },
      groupId: { type: String, required: true },
      text: { type: String, required: true },
      provinceCode: String,
      channel: { type: String, required: true },
      userId: { type: String, required: true },
      candidateIds: { type: [String], default: [] },
      reason: { type: String, required: true },
      askedAt: { type: String, required: true },
    },
    { ...opts, collection: 'question_occurrences' },
  );
  occurrence.index({ groupId: 1, askedAt: -1 });
  occurrence.index({ askedAt: -1 });
  const learned = new Schema<LearnedDoc>(
    {
      _id: { type: String, required: true },
      phrasings: { type: [String], default: [] },
      baseKeywords: { type: [String], default: [] },
      updatedAt: { type: String, required: true },
    },
    { ...opts, collection: 'learned_phrasings' },
  );
  return { group, occurrence, learned };
}

function toGroup(d: GroupDoc): QuestionGroup {
  const g: QuestionGroup = { id: d._id, words: [...d.words], sample: d.sample, status: d.status, createdAt: d.createdAt, updatedAt: d.updatedAt };
  if (d.itemId != null) g.itemId = d.itemId;
  return g;
}

function toOccurrence(d: OccurrenceDoc): QuestionOccurrence {
  const o: QuestionOccurrence = {
    id: d._id,
    groupId: d.groupId,
    text: d.text,
    user: { channel: d.channel as ChannelName, userId: d.userId },
    candidateIds: [...d.candidateIds],
    reason: d.reason,
    askedAt: d.askedAt,
  };
  if (d.provinceCode != null) o.provinceCode = d.provinceCode;
  return o;
}

export class MongoUnansweredStore implements UnansweredStore {
  readonly models: { Group: Model<GroupDoc>; Occurrence: Model<OccurrenceDoc>; Learned: Model<LearnedDoc> };

  constructor(private readonly conn: Connection) {
    const s = buildUnansweredSchemas();
    this.models = {
      Group: conn.model<GroupDoc>('QuestionGroup', s.group),
      Occurrence: conn.model<OccurrenceDoc>(OCCURRENCE_MODEL, s.occurrence),
      Learned: conn.model<LearnedDoc>('LearnedPhrasings', s.learned),
    };
  }

  async openGroups(): Promise<QuestionGroup[]> {
    return this.listGroups('open');
  }

  async addOccurrence(occurrence: NewOccurrence, target: { groupId: string } | { newGroup: Pick<QuestionGroup, 'words' | 'sample'> }): Promise<QuestionOccurrence> {
    const { Group, Occurrence } = this.models;
    const id = randomId(12);
    const groupId = 'groupId' in target ? target.groupId : randomId(8);
    // Group and occurrence together: a group never exists without the question that made it.
    await this.conn.transaction(async (session) => {
      if ('groupId' in target) await Group.updateOne({ _id: groupId }, { $set: { updatedAt: occurrence.askedAt } }, { session });
      else {
        await Group.create([{ _id: groupId, words: target.newGroup.words, sample: target.newGroup.sample, status: 'open', createdAt: occurrence.askedAt, updatedAt: occurrence.askedAt }], { session });
      }
      const { user, ...rest } = occurrence;
      await Occurrence.create([{ ...rest, _id: id, groupId, channel: user.channel, userId: user.userId }], { session });
    });
    return { ...occurrence, id, groupId };
  }

  async removeOccurrence(id: string): Promise<void> {
    await this.models.Occurrence.deleteOne({ _id: id });
  }

  async listOccurrences(filter: OccurrenceFilter = {}): Promise<QuestionOccurrence[]> {
    const q: Record<string, unknown> = {};
    if (filter.groupIds) q.groupId = { $in: filter.groupIds };
    if (filter.provinceCode) q.provinceCode = filter.provinceCode;
    if (filter.from || filter.until) q.askedAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.until ? { $lt: filter.until } : {}) };
    let find = this.models.Occurrence.find(q).sort({ askedAt: -1, _id: 1 });
    if (filter.limit) find = find.limit(Math.floor(filter.limit));
    return (await find.lean<OccurrenceDoc[]>()).map(toOccurrence);
  }

  async getGroup(id: string): Promise<QuestionGroup | undefined> {
    const d = await this.models.Group.findById(id).lean<GroupDoc>();
    return d ? toGroup(d) : undefined;
  }

  async listGroups(status?: GroupStatus): Promise<QuestionGroup[]> {
    const docs = await this.models.Group.find(status ? { status } : {}).sort({ createdAt: 1 }).lean<GroupDoc[]>();
    return docs.map(toGroup);
  }

  async closeGroup(id: string, status: 'attached' | 'dismissed', at: Date, itemId?: string): Promise<boolean> {
    const set: Record<string, unknown> = { status, updatedAt: at.toISOString(), ...(itemId ? { itemId } : {}) };
    const r = await this.models.Group.updateOne({ _id: id, status: 'open' }, { $set: set });
    return r.modifiedCount === 1;
  }

  async getLearned(itemId: string): Promise<LearnedPhrasings | undefined> {
    const d = await this.models.Learned.findById(itemId).lean<LearnedDoc>();
    return d ? { itemId: d._id, phrasings: [...d.phrasings], baseKeywords: [...d.baseKeywords], updatedAt: d.updatedAt } : undefined;
  }

  async listLearned(): Promise<LearnedPhrasings[]> {
    const docs = await this.models.Learned.find({}).sort({ _id: 1 }).lean<LearnedDoc[]>();
    return docs.map((d) => ({ itemId: d._id, phrasings: [...d.phrasings], baseKeywords: [...d.baseKeywords], updatedAt: d.updatedAt }));
  }

  async eraseUser(user: UserKey): Promise<void> {
    await eraseMongoQuestionsOf(this.conn, user);
  }

  async setLearned(l: LearnedPhrasings): Promise<void> {
    await this.models.Learned.updateOne({ _id: l.itemId }, { $set: { phrasings: l.phrasings, baseKeywords: l.baseKeywords, updatedAt: l.updatedAt } }, { upsert: true });
  }
}

/** UnansweredStore.eraseUser for the store's erasePersonalData, through the model registered on `conn`. */
export async function eraseMongoQuestionsOf(conn: Connection, user: UserKey): Promise<void> {
  await conn.model<OccurrenceDoc>(OCCURRENCE_MODEL).deleteMany({ channel: user.channel, userId: user.userId });
}
