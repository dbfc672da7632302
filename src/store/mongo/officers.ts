/** Officers and the provinces each looks after. */
import type { OfficerStore } from '../ports.js';
import type { ChannelName, OfficerRecord } from '../types.js';
import type { MongoConnection } from './connection.js';
import type { OfficerDoc } from './documents.js';


export class MongoOfficers implements OfficerStore {
  constructor(private readonly c: MongoConnection) {}

  async listOfficers(): Promise<OfficerRecord[]> {
    const docs = await this.c.m.Officer.find().sort({ channel: 1, userId: 1 }).lean<OfficerDoc[]>();
    return docs.map((d) => {
      const o: OfficerRecord = { channel: d.channel as ChannelName, userId: d.userId, provinceCodes: [...d.provinceCodes] };
      if (d.name != null) o.name = d.name;
      return o;
    });
  }

  async upsertOfficer(officer: OfficerRecord): Promise<void> {
    const update =
      officer.name === undefined
        ? { $set: { provinceCodes: officer.provinceCodes }, $unset: { name: 1 as const } }
        : { $set: { provinceCodes: officer.provinceCodes, name: officer.name } };
    await this.c.m.Officer.updateOne({ channel: officer.channel, userId: officer.userId }, update, { upsert: true });
  }
}
