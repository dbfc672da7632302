/**
 * Group commit for the embedded store. better-sqlite3 runs on the event loop, so a commit with
 * synchronous=FULL stalls every request in flight for one fsync (0.2 ms on an idle disk, 5–40 ms
 * on a busy one). Instead a hot write commits with synchronous=NORMAL (in the WAL file, not yet on
 * disk) and then asks for flush() — an fsync of the WAL file on libuv's thread pool, shared by every
 * commit made before it started — or for soon(): the same, at most a second later, shared by every
 * commit of that second.
 *
 * Sound because fsync works on the file, not the descriptor: it flushes what SQLite wrote through
 * its own descriptor. SQLite keeps the same WAL file for as long as this process's connection is
 * open (it deletes it only when the last connection closes; after a checkpoint it rewrites it in place).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How long soon() lets commits gather before one fsync covers them all. */
export const SOON_MS = 1000;

export class WalSync {
  private file: Promise<FileHandle> | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly walPath: string) {}

  /**
   * An fsync within SOON_MS, for commits that need to reach the disk soon but not before the caller
   * goes on. A failure is left for the next fsync to meet: a FULL commit reports a failing disk.
   */
  soon(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, SOON_MS);
    this.timer.unref();
  }

  /** Resolves once everything written to the WAL before the call is on disk. */
  flush(): Promise<void> {
    if (this.running === undefined) return this.start();
    // The running fsync may have started before the caller's write: it needs the next one.
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  /** Lets the fsyncs already asked for finish, then closes the file; call before closing the connection. */
  async close(): Promise<void> {
    if (this.timer !== undefined) {
      // What soon() promised, now: a clean shutdown leaves nothing unsynced.
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.flush().catch(() => undefined);
    }
    while (this.running !== undefined || this.queued !== undefined) await Promise.allSettled([this.running, this.queued]);
    this.closed = true;
    await (await this.file?.catch(() => undefined))?.close();
  }

  private start(): Promise<void> {
    const run = this.sync().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async sync(): Promise<void> {
    if (this.closed) throw new Error('store is closed');
    if (this.file === undefined) {
      // Opened on first use: by then a commit has created the WAL file. A failed open is retried next time.
      const file = openAndSyncDir(this.walPath);
      file.catch(() => {
        if (this.file === file) this.file = undefined;
      });
      this.file = file;
    }
    await (await this.file).sync();
  }
}

/**
 * Opens the WAL file and fsyncs its directory once, so that a WAL file created since the last
 * checkpoint cannot lose its directory entry (SQLite does the same on its first sync of a new WAL).
 */
async function openAndSyncDir(walPath: string): Promise<FileHandle> {
  const dir = await open(dirname(walPath), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return open(walPath, 'r');
}
