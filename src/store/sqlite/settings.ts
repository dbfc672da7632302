/** Secrets and plain key-value state, in two tables so neither is mistaken for the other. */
import type { SettingsStore } from '../ports.js';
import type { SqliteConnection } from './connection.js';

export class SqliteSettings implements SettingsStore {
  constructor(private readonly c: SqliteConnection) {}

  async getSecret(name: string): Promise<string | undefined> {
    const row = this.c.q('SELECT value FROM secrets WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value;
  }

  async setSecret(name: string, value: string): Promise<void> {
    this.c.q(
      `INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(name, value, new Date().toISOString());
  }

  async getValue(name: string): Promise<string | undefined> {
    const row = this.c.q('SELECT value FROM key_values WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value;
  }

  async setValue(name: string, value: string): Promise<void> {
    this.c.q(
      `INSERT INTO key_values (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ).run(name, value, new Date().toISOString());
  }
}
