/**
 * Reads a large table in keyset pages on a worker thread, a few pages ahead of the caller. Used for
 * the search index's cold build over the whole item table: stepping SQLite and copying 100k rows
 * out of it is a third of that build, and on a worker it overlaps with the indexing on the
 * other core instead of adding to it.
 *
 * The worker opens its own read-only connection (WAL lets it read beside writers) and runs the
 * same paged query as the caller would, so the rows and their order are the same. A failing worker
 * (it cannot load the driver, the file went away) ends the generator with its error; the caller
 * decides whether to carry on in-thread from the last row it got.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface PageQuery {
  /** Database file. */
  path: string;
  /** SELECT with named parameters: the fixed `params` plus the cursor's keys; must end in LIMIT `pageSize`. */
  sql: string;
  params: Record<string, unknown>;
  /** The first cursor; the next one is built from the last row of each page, by the same keys. */
  cursor: Record<string, unknown>;
  /** SELECT for the first page, with `params` only (default: `sql` with the first cursor). */
  firstSql?: string;
  pageSize: number;
  /** Pages read ahead of the caller, which bounds the memory held in between. */
  ahead?: number;
}

// Plain CommonJS, run with eval: it needs no TypeScript loader, in development or in the build.
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const Database = require(w.driver);
const db = new Database(w.path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const page = db.prepare(w.sql);
let next = w.firstSql ? db.prepare(w.firstSql) : page;
let cursor = w.cursor;
let credit = w.ahead;
let done = false;
function pump() {
  while (credit > 0 && !done) {
    const rows = next.all({ ...w.params, ...cursor });
    next = page;
    credit--;
    parentPort.postMessage(rows);
    const last = rows[rows.length - 1];
    if (!last || rows.length < w.pageSize) {
      done = true;
      parentPort.postMessage(null);
      db.close();
      parentPort.close();
      return;
    }
    cursor = Object.fromEntries(Object.keys(cursor).map((k) => [k, last[k]]));
  }
}
parentPort.on('message', () => { credit++; pump(); });
pump();
`;

const driverPath = () => createRequire(import.meta.url).resolve('better-sqlite3');

/** Yields the query's pages in order; the worker is stopped when the caller stops early. */
export async function* readPagesInWorker<Row>(query: PageQuery): AsyncGenerator<Row[]> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...query, ahead: query.ahead ?? 4, driver: driverPath() },
  });
  const pages: Array<Row[] | null> = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (rows: Row[] | null) => {
    pages.push(rows);
    notify();
  });
  worker.on('error', (err) => {
    failure = err;
    notify();
  });
  worker.on('exit', (code) => {
    exited = true;
    if (code !== 0) failure ??= new Error(`page reader stopped with exit code ${code}`);
    notify();
  });
  try {
    for (;;) {
      while (pages.length === 0) {
        if (failure) throw failure;
        if (exited) throw new Error('page reader stopped before the last page');
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const rows = pages.shift()!;
      if (rows === null) return;
      worker.postMessage(0); // room for one more page
      yield rows;
    }
  } finally {
    if (!exited) await worker.terminate();
  }
}
