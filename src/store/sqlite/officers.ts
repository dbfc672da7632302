/** Officers and the provinces each looks after. */
import type { OfficerStore } from '../ports.js';
import type { ChannelName, OfficerRecord, UserKey } from '../types.js';
import type { SqliteConnection } from './connection.js';

interface OfficerRow {
  channel: string;
  user_id: string;
  province_codes: string;
  name: string | null;
}

function toOfficer(r: OfficerRow): OfficerRecord {
  const o: OfficerRecord = { channel: r.channel as ChannelName, userId: r.user_id, provinceCodes: JSON.parse(r.province_codes) as string[] };
  if (r.name !== null) o.name = r.name;
  return o;
}

export class SqliteOfficers implements OfficerStore {
  constructor(private readonly c: SqliteConnection) {}

  async listOfficers(): Promise<OfficerRecord[]> {
    return (this.c.q('SELECT * FROM officers ORDER BY channel, user_id').all() as OfficerRow[]).map(toOfficer);
  }

  async getOfficer(key: UserKey): Promise<OfficerRecord | undefined> {
    const row = this.c.q('SELECT * FROM officers WHERE channel = ? AND user_id = ?').get(key.channel, key.userId) as OfficerRow | undefined;
    return row ? toOfficer(row) : undefined;
  }

  async upsertOfficer(officer: OfficerRecord): Promise<void> {
    this.c.q(
      `INSERT INTO officers (channel, user_id, province_codes, name) VALUES (?, ?, ?, ?)
       ON CONFLICT (channel, user_id) DO UPDATE SET province_codes = excluded.province_codes, name = excluded.name`,
    ).run(officer.channel, officer.userId, JSON.stringify(officer.provinceCodes), officer.name ?? null);
  }
}
