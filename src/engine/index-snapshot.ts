/**
 * The search index saved to disk, so a restart does not re-read and re-tokenize every item (at 100k
 * items that is most of start-up). The snapshot is only a cache: it names the store it was built
 * from and the content revision it covers; the engine loads it, then indexes items newer than that
 * revision from the store. Anything unexpected (another store, another format, a damaged file)
 * makes it ignored and rebuilt, never trusted.
 *
 * File layout: magic, then sections (each starting 8-byte aligned), then the header JSON, its length (u32 LE)
 * and a CRC-32 of everything before it. A section is a typed array, or a column of strings: their
 * lengths in UTF-8 bytes (-1 for none) and their text one after the other. The header, which lists the
 * sections, comes last so that everything can be written as it is encoded, without first building
 * the whole file (or one JSON text of 100k documents) in memory. Written to a temporary file and
 * renamed, so a crash or a second process writing at the same time leaves either the old file or a
 * whole new one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { KIND_IDS } from './fields.js';
import type { IndexImage, IndexedDoc } from './search-index.js';

const MAGIC = Buffer.from('NGHEIDX1');
/** Bump when the index's tokenizing or layout changes: older snapshots are then rebuilt. */
// 2: items carry their accented words (exact-accent ranking); 3: words that ask for a field;
// 4: sections instead of a JSON header holding the documents and words; 5: the months of an item's dates, "%" read as "phần trăm";
// 6: the word pairs of the items' summaries; 7: "dạy" among a course's kind words.
export const SNAPSHOT_FORMAT = 8;

export interface SnapshotMeta {
  storeId: string;
  /** Content revision the snapshot covers: items with a higher rev are not in it. */
  revision: number;
}

type ArrayType = 'f64' | 'i32' | 'u8';
interface Section {
  name: string;
  type: ArrayType;
  length: number;
}
interface Header extends SnapshotMeta {
  format: number;
  sections: Section[];
}
const TYPES = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type NumberArray = Float64Array | Int32Array | Uint8Array;

/** String columns of the documents (a replaced slot has none of them). */
const DOC_STRINGS = {
  id: (d: IndexedDoc) => d.id,
  title: (d: IndexedDoc) => d.title,
  provinceCode: (d: IndexedDoc) => d.provinceCode,
  titleFolded: (d: IndexedDoc) => d.titleFolded,
  keywordsFolded: (d: IndexedDoc) => d.keywordsFolded,
  accented: (d: IndexedDoc) => d.accented,
  years: (d: IndexedDoc) => d.years,
};
const KIND_OF = Object.fromEntries(Object.entries(KIND_IDS).map(([kind, id]) => [id, kind])) as Record<number, IndexedDoc['kind']>;
/** Strings encoded per write: bounds the memory of one piece of text. */
const STRING_CHUNK = 4096;

export async function writeIndexSnapshot(path: string, image: IndexImage, meta: SnapshotMeta): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(tmp, 'w');
    try {
      const out = new SectionWriter(file);
      await out.bytes(MAGIC);
      for (const name of ['pairKeys', 'pairIds', 'prosePairKeys', 'offsets', 'entries'] as const) await out.array(name, image[name]);
      const { docs } = image;
      await out.array('docKinds', Uint8Array.from(docs, (d) => (d ? KIND_IDS[d.kind] : 0)));
      await out.array('docRevs', Float64Array.from(docs, (d) => d?.rev ?? 0));
      for (const [name, get] of Object.entries(DOC_STRINGS)) await out.strings(`doc.${name}`, docs.map((d) => (d ? get(d) : undefined)));
      await out.strings('words', image.words);
      await out.strings('accentedWords', image.accentedWords);
      const header: Header = { format: SNAPSHOT_FORMAT, ...meta, sections: out.sections };
      const json = Buffer.from(JSON.stringify(header));
      await out.bytes(json);
      await out.bytes(u32(json.length));
      await file.writeFile(u32(out.crc));
    } finally {
      await file.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/** Writes sections one after the other, keeping the running CRC and the list for the header. */
class SectionWriter {
  readonly sections: Section[] = [];
  crc = 0;
  private size = 0;

  constructor(private readonly file: FileHandle) {}

  async bytes(part: Uint8Array): Promise<void> {
    this.crc = crcOf(part, this.crc);
    this.size += part.length;
    await this.file.writeFile(part);
  }

  async array(name: string, arr: NumberArray): Promise<void> {
    await this.align();
    this.sections.push({ name, type: arr instanceof Float64Array ? 'f64' : arr instanceof Int32Array ? 'i32' : 'u8', length: arr.length });
    await this.bytes(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
  }

  /** A string column: the byte lengths (-1 for none), then the UTF-8 text, encoded a chunk at a time. */
  async strings(name: string, values: readonly (string | null | undefined)[]): Promise<void> {
    await this.array(`${name}.lengths`, Int32Array.from(values, (v) => (typeof v === 'string' ? Buffer.byteLength(v) : -1)));
    await this.align();
    let bytes = 0;
    for (let i = 0; i < values.length; i += STRING_CHUNK) {
      const text = Buffer.from(values.slice(i, i + STRING_CHUNK).filter((v) => typeof v === 'string').join(''));
      bytes += text.length;
      await this.bytes(text);
    }
    this.sections.push({ name: `${name}.text`, type: 'u8', length: bytes });
  }

  private async align(): Promise<void> {
    const pad = (8 - (this.size % 8)) % 8;
    if (pad > 0) await this.bytes(Buffer.alloc(pad));
  }
}

/**
 * Reads a snapshot made from store `storeId`. Returns undefined when there is none; throws with the
 * reason when the file is unusable (the caller logs it and rebuilds).
 */
export async function readIndexSnapshot(path: string, storeId: string): Promise<{ image: IndexImage; revision: number } | undefined> {
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const sections = new Map<string, NumberArray>();
  const texts = new Map<string, Buffer>();
  let header: Header;
  try {
    // Section by section straight into the arrays the index keeps: no copy of the whole file.
    const size = (await file.stat()).size;
    const read = async <T extends Uint8Array>(into: T, at: number): Promise<T> => {
      const { bytesRead } = await file.read(into, 0, into.length, at);
      if (bytesRead !== into.length) throw new Error('truncated');
      return into;
    };
    if (size < MAGIC.length + 8 || !(await read(Buffer.alloc(MAGIC.length), 0)).equals(MAGIC)) throw new Error('not an index snapshot');
    const tail = await read(Buffer.alloc(8), size - 8);
    const jsonStart = size - 8 - tail.readUInt32LE(0);
    if (jsonStart < MAGIC.length) throw new Error('truncated');
    const json = await read(Buffer.alloc(size - 8 - jsonStart), jsonStart);
    header = JSON.parse(json.toString('utf8')) as Header;
    if (header.format !== SNAPSHOT_FORMAT) throw new Error(`format ${header.format}, expected ${SNAPSHOT_FORMAT}`);
    if (header.storeId !== storeId) return undefined; // made from another store: not ours to use

    let crc = crc32(MAGIC);
    let pos = MAGIC.length;
    for (const { name, type, length } of header.sections) {
      const Type = TYPES[type] as (typeof TYPES)[ArrayType] | undefined;
      if (!Type || !Number.isInteger(length) || length < 0) throw new Error(`bad section ${name}`);
      const pad = (8 - (pos % 8)) % 8;
      if (pos + pad + length * Type.BYTES_PER_ELEMENT > jsonStart) throw new Error('truncated');
      if (pad > 0) crc = crcOf(await read(Buffer.alloc(pad), pos), crc);
      pos += pad;
      const arr = new Type(length);
      const bytes = await read(new Uint8Array(arr.buffer), pos);
      crc = crcOf(bytes, crc);
      pos += bytes.length;
      if (name.endsWith('.text')) texts.set(name, Buffer.from(arr.buffer));
      else sections.set(name, arr);
    }
    if (pos !== jsonStart) throw new Error('sections do not fill the file');
    crc = crcOf(tail.subarray(0, 4), crcOf(json, crc));
    if (crc !== tail.readUInt32LE(4)) throw new Error('checksum mismatch (damaged file)');
  } finally {
    await file.close();
  }
  const array = <T extends NumberArray>(name: string, Type: new (n: number) => T): T => {
    const arr = sections.get(name);
    if (!(arr instanceof Type)) throw new Error(`missing ${name}`);
    return arr;
  };
  const strings = (name: string): (string | null)[] => {
    const lengths = array(`${name}.lengths`, Int32Array);
    const text = texts.get(`${name}.text`);
    if (text === undefined) throw new Error(`missing ${name}`);
    const out: (string | null)[] = new Array(lengths.length);
    // Each string decoded on its own: slices of one long column string would keep it whole and are
    // slower to read on every question.
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      const n = lengths[i]!;
      if (n >= 0 && at + n > text.length) throw new Error(`${name}: lengths do not match the text`);
      out[i] = n < 0 ? null : text.toString('utf8', at, (at += n));
    }
    if (at !== text.length) throw new Error(`${name}: lengths do not match the text`);
    return out;
  };

  const kinds = array('docKinds', Uint8Array);
  const revs = array('docRevs', Float64Array);
  const columns = Object.fromEntries(Object.keys(DOC_STRINGS).map((name) => [name, strings(`doc.${name}`)])) as Record<keyof typeof DOC_STRINGS, (string | null)[]>;
  if (revs.length !== kinds.length || Object.values(columns).some((c) => c.length !== kinds.length)) throw new Error('document columns differ in length');
  const docs: (IndexedDoc | null)[] = new Array(kinds.length);
  for (let slot = 0; slot < kinds.length; slot++) {
    if (kinds[slot] === 0) {
      docs[slot] = null;
      continue;
    }
    const kind = KIND_OF[kinds[slot]!];
    const [id, title, titleFolded, keywordsFolded, accented] = [columns.id, columns.title, columns.titleFolded, columns.keywordsFolded, columns.accented].map((c) => c[slot]);
    if (!kind || id == null || title == null || titleFolded == null || keywordsFolded == null || accented == null) throw new Error('incomplete document');
    const provinceCode = columns.provinceCode[slot];
    const years = columns.years[slot];
    docs[slot] = { id, kind, title, ...(provinceCode != null ? { provinceCode } : {}), rev: revs[slot]!, titleFolded, keywordsFolded, accented, ...(years != null ? { years } : {}) };
  }
  return {
    revision: header.revision,
    image: {
      words: strings('words'),
      accentedWords: strings('accentedWords').filter((w): w is string => w !== null),
      docs,
      pairKeys: array('pairKeys', Float64Array),
      pairIds: array('pairIds', Int32Array),
      prosePairKeys: array('prosePairKeys', Float64Array),
      offsets: array('offsets', Int32Array),
      entries: array('entries', Int32Array),
    },
  };
}

/** CRC-32 continued over `data`. zlib answers 0 for an empty array with no memory behind it. */
function crcOf(data: Uint8Array, crc: number): number {
  return data.length === 0 ? crc : crc32(data, crc);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}
