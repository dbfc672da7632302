/** Secrets and plain key-value state, in two collections so neither is mistaken for the other. */
import type { SettingsStore } from '../ports.js';
import { isLegacyPlainValue } from '../shared.js';
import type { MongoConnection } from './connection.js';
import type { KeyValueDoc, SecretDoc } from './documents.js';


export class MongoSettings implements SettingsStore {
  constructor(private readonly c: MongoConnection) {}

  async getSecret(name: string): Promise<string | undefined> {
    const doc = await this.c.m.Secret.findById(name).lean<SecretDoc>();
    return doc?.value;
  }

  async setSecret(name: string, value: string): Promise<void> {
    await this.c.m.Secret.updateOne({ _id: name }, { $set: { value, updatedAt: new Date().toISOString() } }, { upsert: true });
  }

  async getValue(name: string): Promise<string | undefined> {
    const doc = await this.c.m.KeyValue.findById(name).lean<KeyValueDoc>();
    if (doc) return doc.value;
    // Older installs kept some plain values among the secrets; read them there until next written.
    if (!isLegacyPlainValue(name)) return undefined;
    return (await this.c.m.Secret.findById(name).lean<SecretDoc>())?.value;
  }

  async setValue(name: string, value: string): Promise<void> {
    await this.c.m.KeyValue.updateOne({ _id: name }, { $set: { value, updatedAt: new Date().toISOString() } }, { upsert: true });
    // Moved: a stale copy left among the secrets would never be read again, only kept.
    if (isLegacyPlainValue(name)) await this.c.m.Secret.deleteOne({ _id: name });
  }
}
