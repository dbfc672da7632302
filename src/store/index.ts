/**
 * Opens the configured store: MongoDB when a URI is given, otherwise the embedded SQLite file.
 * Each implementation is imported only when chosen, so an embedded install never loads mongoose
 * and a MongoDB install never loads the native SQLite module.
 */
import type { StoreLog } from './mongo/connect.js';
import type { Store } from './types.js';

export type { Store } from './types.js';
export type { StoreLog } from './mongo/connect.js';
export { StoreOpenError } from './errors.js';

export interface OpenStoreOptions {
  /** Directory of the embedded database (ignored with MongoDB). */
  dataDir: string;
  mongodbUri?: string;
  /** Connection retries, disconnects and index changes (default: one line each on stderr). */
  log?: StoreLog;
}

/** Without a logger (the CLI) warnings (retries, disconnects, rebuilt indexes) still reach the operator. */
const stderrLog: StoreLog = {
  info: () => {},
  warn: (message) => process.stderr.write(`nghebot: ${message}\n`),
};

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  if (opts.mongodbUri) {
    const { openMongoStore } = await import('./mongo/index.js');
    return openMongoStore(opts.mongodbUri, { log: opts.log ?? stderrLog });
  }
  const { openEmbeddedStore } = await import('./sqlite/index.js');
  return openEmbeddedStore(opts.dataDir);
}
