/**
 * A store shared by several processes at once (two bots, the CLI importing while the bot runs):
 * real child processes race on one DATA_DIR (embedded store) or one database (MongoDB, when
 * MONGODB_URI is set) and the invariants must still hold.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { openMongoStore } from '../../src/store/mongo/index.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import type { Store } from '../../src/store/types.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WORKER = join(import.meta.dirname, 'fixtures', 'race-worker.ts');

interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  result: Promise<unknown>;
}

/** Starts a worker; `ready` resolves once it has opened the store, `result` with its JSON answer. */
function startWorker(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const lines = createInterface({ input: proc.stdout! });
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<unknown>((resolveResult, reject) => {
    let last: string | undefined;
    lines.on('line', (line) => {
      if (line === 'ready') onReady();
      else last = line;
    });
    proc.on('exit', (code) => {
      if (code === 0 && last !== undefined) resolveResult(JSON.parse(last));
      else reject(new Error(`worker ${args[0]} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
  // A worker that dies before "ready" must fail the test, not hang it.
  void result.catch(() => onReady());
  return { proc, ready, result };
}

/** Starts all workers, waits until every one has its store open, then lets them go at once. */
async function race(argsList: string[][], beforeGo?: () => Promise<void>): Promise<unknown[]> {
  const children = argsList.map(startWorker);
  await Promise.all(children.map((c) => c.ready));
  await beforeGo?.();
  for (const c of children) c.proc.stdin!.end('go\n');
  return Promise.all(children.map((c) => c.result));
}

/** Where the workers open the store (their <where> argument), and how this process opens it too. */
interface SharedStore {
  where: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function describeShared(name: string, create: () => SharedStore): void {
  describe(`${name} shared by several processes`, () => {
    let shared: SharedStore;
    let dir: string;
    const openStore = (): Promise<Store> => shared.open();
    beforeEach(() => {
      shared = create();
      dir = shared.where;
    });
    afterEach(async () => {
      await shared.cleanup();
    });

    it('gives exactly the free seats to 50 people enrolling from 4 processes', { timeout: 90_000 }, async () => {
      const store = await openStore();
      await store.importItems([{ id: 'race', kind: 'course', title: 'Khóa học đua', capacity: 10 }], () => '01');
      const split = [13, 13, 12, 12];
      let first = 0;
      const results = (await race(
        split.map((count) => {
          const args = ['enroll', dir, 'race', String(first), String(count)];
          first += count;
          return args;
        }),
      )) as Array<Array<{ status: string; created: boolean }>>;
      const all = results.flat();
      expect(all).toHaveLength(50);
      expect(all.every((o) => o.created)).toBe(true);
      expect(all.filter((o) => o.status === 'enrolled')).toHaveLength(10);
      expect(all.filter((o) => o.status === 'waiting')).toHaveLength(40);

      expect(await store.courseCounts('race')).toEqual([{ courseId: 'race', enrolled: 10, waiting: 40, capacity: 10 }]);
      const waiting = (await store.listEnrollments({ courseId: 'race' })).filter((e) => e.status === 'waiting');
      // Each waiting person got a distinct place in the queue: the count and insert were one transaction.
      expect(waiting.map((e) => e.waitingPosition).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      await store.close();
    });

    it('lets each delivery be claimed by exactly one of 4 processes', { timeout: 90_000 }, async () => {
      const store = await openStore();
      const notBefore = new Date(Date.now() - 1000).toISOString();
      const rows = Array.from({ length: 400 }, (_, i) => ({
        announcementId: 'a',
        occurrence: '',
        channel: 'telegram' as const,
        userId: `u${i}`,
        notBefore,
      }));
      expect(await store.enqueueDeliveries(rows)).toBe(400);
      const results = (await race(['w1', 'w2', 'w3', 'w4'].map((w) => ['claim', dir, w, '5']))) as string[][];
      const ids = results.flat();
      expect(ids).toHaveLength(400);
      expect(new Set(ids).size).toBe(400);
      // More than one process did real work, so the race actually happened.
      expect(results.filter((r) => r.length > 0).length).toBeGreaterThan(1);
      expect(await store.deliveryStats('a')).toEqual({ total: 400, pending: 0, claimed: 0, sent: 400, failed: 0, unknown: 0 });
      await store.close();
    });

    it('creates the database safely from several processes and sees their imports', { timeout: 90_000 }, async () => {
      // The workers open (create and migrate) the fresh database all at once; this process joins after.
      let store!: Store;
      const results = (await race(
        [
          ['import', dir, 'alpha', '300'],
          ['import', dir, 'beta', '300'],
          ['import', dir, 'gamma', '0'],
        ],
        async () => {
          store = await openStore();
          expect(await store.contentRevision()).toBe(0);
        },
      )) as Array<{ inserted: number; rev: number }>;
      results.pop(); // the empty import only raced the schema creation
      expect(results.map((r) => r.inserted)).toEqual([300, 300]);
      expect(results.map((r) => r.rev).sort()).toEqual([1, 2]);
      // This process's already-open connection sees both without reopening.
      expect(await store.contentRevision()).toBe(2);
      expect(await store.countItems()).toBe(600);
      expect((await store.getItem('beta-299'))?.provinceCode).toBe('01');
      await store.close();
    });
  });
}

describeShared('embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nghebot-mp-'));
  return {
    where: dir,
    open: () => openEmbeddedStore(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  describeShared('mongodb store', () => {
    const dbName = `nghebot_mp_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    return {
      where: `mongodb:${dbName}`,
      open: () => openMongoStore(mongoUri, { dbName }),
      async cleanup() {
        const conn = await mongoose.createConnection(mongoUri, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  });
}
