/**
 * Opens the configured store: MongoDB when a URI is given, otherwise the embedded SQLite file.
 * Each implementation is imported only when chosen, so an embedded install never loads mongoose
 * and a MongoDB install never loads the native SQLite module.
 */
import type { Store } from './types.js';

export type { Store } from './types.js';

export interface OpenStoreOptions {
  /** Directory of the embedded database (ignored with MongoDB). */
  dataDir: string;
  mongodbUri?: string;
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.mongodbUri) {
    const { openMongoStore } = await import('./mongo.js');
    return openMongoStore(opts.mongodbUri);
  }
  const { openEmbeddedStore } = await import('./sqlite.js');
  return openEmbeddedStore(opts.dataDir);
}
