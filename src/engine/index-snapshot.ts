/**
 * The search index saved to disk, so a restart does not re-read and re-tokenize every item (at 100k
 * items that is most of start-up). The snapshot is only a cache: it names the store it was built
 * from and the content revision it covers; the engine loads it, then indexes items newer than that
 * revision from the store. Anything unexpected (another store, another format, a damaged file)
 * makes it ignored and rebuilt, never trusted.
 *
 * File layout: magic, header length (u32 LE), header JSON, then the typed arrays, each 8-byte
 * aligned, and a CRC-32 of everything before it. Written to a temporary file and renamed, so a
 * crash or a second process writing at the same time leaves either the old file or a whole new one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import type { IndexImage, IndexedDoc } from './search-index.js';

const MAGIC = Buffer.from('NGHEIDX1');
/** Bump when the index's tokenizing or layout changes: older snapshots are then rebuilt. */
// 2: items carry their accented words (exact-accent ranking); 3: words that ask for a field.
export const SNAPSHOT_FORMAT = 3;

export interface SnapshotMeta {
  storeId: string;
  /** Content revision the snapshot covers: items with a higher rev are not in it. */
  revision: number;
}

interface Header extends SnapshotMeta {
  format: number;
  words: (string | null)[];
  accentedWords: string[];
  /** [id, kind, title, provinceCode, rev, titleFolded, keywordsFolded, accented], null for a replaced item. */
  docs: (DocRow | null)[];
  arrays: { name: ArrayName; length: number }[];
}
type DocRow = [string, IndexedDoc['kind'], string, string | null, number, string, string, string];
type ArrayName = 'pairKeys' | 'pairIds' | 'offsets' | 'entries';
const ARRAYS: ArrayName[] = ['pairKeys', 'pairIds', 'offsets', 'entries'];

export async function writeIndexSnapshot(path: string, image: IndexImage, meta: SnapshotMeta): Promise<void> {
  const header: Header = {
    format: SNAPSHOT_FORMAT,
    ...meta,
    words: image.words,
    accentedWords: image.accentedWords,
    docs: image.docs.map((d) => (d ? [d.id, d.kind, d.title, d.provinceCode ?? null, d.rev, d.titleFolded, d.keywordsFolded, d.accented] : null)),
    arrays: ARRAYS.map((name) => ({ name, length: image[name].length })),
  };
  const json = Buffer.from(JSON.stringify(header));
  // Parts are written one by one (the arrays straight from memory), not joined: at 100k items a
  // joined copy would add a hundred megabytes to the bot's peak memory.
  const parts: Uint8Array[] = [MAGIC, u32(json.length), json];
  let size = MAGIC.length + 4 + json.length;
  for (const name of ARRAYS) {
    const pad = (8 - (size % 8)) % 8;
    parts.push(Buffer.alloc(pad));
    const arr = image[name];
    parts.push(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
    size += pad + arr.byteLength;
  }
  let crc = 0;
  for (const part of parts) crc = crc32(part, crc);
  parts.push(u32(crc));
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(tmp, 'w');
    try {
      for (const part of parts) await file.writeFile(part);
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/**
 * Reads a snapshot made from store `storeId`. Returns undefined when there is none; throws with the
 * reason when the file is unusable (the caller logs it and rebuilds).
 */
export async function readIndexSnapshot(path: string, storeId: string): Promise<{ image: IndexImage; revision: number } | undefined> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (file.length < MAGIC.length + 8 || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an index snapshot');
  const body = file.subarray(0, file.length - 4);
  if (crc32(body) !== file.readUInt32LE(file.length - 4)) throw new Error('checksum mismatch (damaged file)');
  const jsonLength = file.readUInt32LE(MAGIC.length);
  let pos = MAGIC.length + 4;
  const header = JSON.parse(body.toString('utf8', pos, pos + jsonLength)) as Header;
  pos += jsonLength;
  if (header.format !== SNAPSHOT_FORMAT) throw new Error(`format ${header.format}, expected ${SNAPSHOT_FORMAT}`);
  if (header.storeId !== storeId) return undefined; // made from another store: not ours to use
  const arrays = {} as Record<ArrayName, Float64Array | Int32Array>;
  for (const { name, length } of header.arrays) {
    pos += (8 - (pos % 8)) % 8;
    const Type = name === 'pairKeys' ? Float64Array : Int32Array;
    const bytes = length * Type.BYTES_PER_ELEMENT;
    if (pos + bytes > body.length) throw new Error('truncated');
    // Copy into fresh, aligned memory: the file buffer may sit at any offset in a shared pool.
    const copy = new Uint8Array(bytes);
    copy.set(body.subarray(pos, pos + bytes));
    arrays[name] = new Type(copy.buffer);
    pos += bytes;
  }
  if (ARRAYS.some((name) => !arrays[name])) throw new Error('missing arrays');
  const docs = header.docs.map((row) =>
    row ? { id: row[0], kind: row[1], title: row[2], ...(row[3] !== null ? { provinceCode: row[3] } : {}), rev: row[4], titleFolded: row[5], keywordsFolded: row[6], accented: row[7] } : null,
  );
  return {
    revision: header.revision,
    image: {
      words: header.words,
      accentedWords: Array.isArray(header.accentedWords) ? header.accentedWords : [],
      docs,
      pairKeys: arrays.pairKeys as Float64Array,
      pairIds: arrays.pairIds as Int32Array,
      offsets: arrays.offsets as Int32Array,
      entries: arrays.entries as Int32Array,
    },
  };
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
