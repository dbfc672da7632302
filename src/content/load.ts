/**
 * Reads content packs — YAML, JSON and CSV files, or folders of them — into validated content items.
 * All or nothing: every problem in every file is collected, then thrown together as one ContentError.
 */
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { contentItemSchema, type ContentItem } from './model.js';
import { parseCsvText } from './csv.js';
import { fileProblem, isRecord, type ContentProblem, type RawItem } from './problems.js';

export type { ContentProblem } from './problems.js';

/** Shown in full in `.problems`; the message stops after this many lines so a broken 5,000-row sheet stays readable. */
const MESSAGE_LINES = 200;

export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(readonly problems: ContentProblem[]) {
    const lines = problems.slice(0, MESSAGE_LINES).map((p) => `- ${p.file} · ${p.item} · ${p.field}: ${p.reason}`);
    if (problems.length > MESSAGE_LINES) lines.push(`… và ${problems.length - MESSAGE_LINES} lỗi khác`);
    super(`Nội dung có ${problems.length} lỗi, chưa nhập mục nào:\n${lines.join('\n')}`);
  }
}

export interface LoadedContent {
  items: ContentItem[];
  /** Files read, in the order their items appear. */
  files: string[];
}

/** A pack file already in memory (e.g. sent by an admin in chat); the name's extension picks the parser. */
export interface ContentSource {
  name: string;
  data: string | Uint8Array;
}

const EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.csv']);

/**
 * Loads every path (a file, or a folder searched recursively for .yaml/.yml/.json/.csv, sorted, dotfiles skipped).
 * Throws ContentError listing all problems; returns nothing partially.
 */
export async function loadContent(paths: string[]): Promise<LoadedContent> {
  const problems: ContentProblem[] = [];
  const files = await collectFiles(paths, problems);
  const sources: ContentSource[] = [];
  for (const file of files) {
    try {
      sources.push({ name: file, data: await readFile(file) });
    } catch (err) {
      problems.push(fileProblem(file, `không đọc được tệp: ${(err as Error).message}`));
    }
  }
  const { items } = collect(sources, problems);
  if (problems.length > 0) throw new ContentError(problems);
  return { items, files };
}

/** Same rules as loadContent, for files already in memory. */
export function loadContentSources(sources: ContentSource[]): LoadedContent {
  const problems: ContentProblem[] = [];
  const { items } = collect(sources, problems);
  if (problems.length > 0) throw new ContentError(problems);
  return { items, files: sources.map((s) => s.name) };
}

// ---------------------------------------------------------------- files

async function collectFiles(paths: string[], problems: ContentProblem[]): Promise<string[]> {
  const files: string[] = [];
  // Real paths already taken: `content/` plus `content/courses.yaml` must not read the file twice
  // (it would report its own ids as duplicates), and a symlink loop must not recurse forever.
  const seen = new Set<string>();
  const add = async (file: string) => {
    const real = await realpath(file);
    if (!seen.has(real)) {
      seen.add(real);
      files.push(file);
    }
  };
  const walk = async (dir: string) => {
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort(byCodePoint);
    } catch (err) {
      problems.push(fileProblem(dir, `không đọc được thư mục: ${(err as Error).message}`));
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined); // a dangling symlink is not content
      if (info?.isDirectory()) await walk(path);
      else if (info?.isFile() && EXTENSIONS.has(extname(name).toLowerCase())) await add(path);
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) problems.push(fileProblem(path, 'không tìm thấy tệp hoặc thư mục'));
    else if (info.isDirectory()) await walk(path);
    else if (!EXTENSIONS.has(extname(path).toLowerCase())) {
      problems.push(fileProblem(path, 'chỉ nhận tệp .yaml, .yml, .json hoặc .csv'));
    } else await add(path);
  }
  return files;
}

/** Locale-independent order, so two machines import the same pack in the same order. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------- parsing

function collect(sources: ContentSource[], problems: ContentProblem[]): { items: ContentItem[] } {
  const raw: RawItem[] = [];
  for (const source of sources) raw.push(...parseSource(source, problems));
  return { items: validate(raw, problems) };
}

function parseSource({ name, data }: ContentSource, problems: ContentProblem[]): RawItem[] {
  let text: string;
  try {
    // fatal: a file saved as Windows-1258 must fail loudly, not turn into mojibake. The BOM is dropped.
    text = typeof data === 'string' ? data.replace(/^\uFEFF/, '') : new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    problems.push(fileProblem(name, 'tệp không phải UTF-8; trong Excel hãy lưu dạng "CSV UTF-8"'));
    return [];
  }
  const ext = extname(name).toLowerCase();
  if (ext === '.csv') return parseCsvText(name, text, problems);
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    const list = ext === '.json' ? parseJson(name, text, problems) : parseYaml(name, text, problems);
    if (list === undefined) return [];
    return list.map((data, i) => ({ file: name, position: `#${i + 1}`, data }));
  }
  problems.push(fileProblem(name, 'chỉ nhận tệp .yaml, .yml, .json hoặc .csv'));
  return [];
}

function parseJson(file: string, text: string, problems: ContentProblem[]): unknown[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    problems.push(fileProblem(file, `JSON không đọc được: ${(err as Error).message}`));
    return undefined;
  }
  return topLevelList(file, value, problems);
}

/** The parser's messages are English and quote the text; officers get what to fix, in Vietnamese. */
const YAML_ERRORS: Partial<Record<string, string>> = {
  BAD_INDENT: 'thụt lề không đúng (các trường của một mục phải thẳng hàng)',
  TAB_AS_INDENT: 'dùng phím Tab để thụt lề; YAML chỉ nhận dấu cách',
  MISSING_CHAR: 'thiếu một ký tự đóng (dấu nháy, ngoặc hoặc dấu hai chấm)',
  DUPLICATE_KEY: 'một trường bị ghi hai lần trong cùng một mục',
  BLOCK_AS_IMPLICIT_KEY: 'một dòng có dấu hai chấm nhưng không phải tên trường; nếu là nội dung, đặt nó giữa dấu nháy',
  MULTILINE_IMPLICIT_KEY: 'tên trường bị xuống dòng; nếu là nội dung có dấu hai chấm, đặt nó giữa dấu nháy',
  UNEXPECTED_TOKEN: 'có ký tự không đúng chỗ; nội dung có dấu hai chấm hoặc # thì đặt giữa dấu nháy',
  BAD_SCALAR_START: 'giá trị bắt đầu bằng ký tự đặc biệt (như @ ` % |); đặt giá trị giữa dấu nháy',
  BAD_DQ_ESCAPE: 'trong dấu nháy kép có dấu \\ không hợp lệ',
  MULTIPLE_DOCS: 'tệp có nhiều tài liệu (dòng ---); mỗi tệp chỉ một danh sách',
  BLOCK_IN_FLOW: 'danh sách viết trong [ ] không được xuống dòng kiểu gạch đầu dòng',
  RESOURCE_EXHAUSTION: 'tệp dùng quá nhiều tham chiếu (alias)',
};

function parseYaml(file: string, text: string, problems: ContentProblem[]): unknown[] | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const at = err.linePos?.[0];
      const where = at ? `dòng ${at.line}, cột ${at.col}: ` : '';
      problems.push(fileProblem(file, `YAML sai cú pháp ở ${where}${YAML_ERRORS[err.code] ?? 'không đọc được đoạn này'}`));
    }
    return undefined;
  }
  let value: unknown;
  try {
    value = doc.toJS(); // throws on alias bombs (maxAliasCount)
  } catch (err) {
    problems.push(fileProblem(file, `YAML không đọc được: ${(err as Error).message}`));
    return undefined;
  }
  return topLevelList(file, value, problems);
}

/** A pack is a list of items, or `{ items: [...] }` (other top-level keys are left for the author's notes). */
function topLevelList(file: string, value: unknown, problems: ContentProblem[]): unknown[] | undefined {
  if (value === null || value === undefined) return []; // an empty file holds no items
  if (Array.isArray(value)) return value;
  if (isRecord(value) && Array.isArray(value.items)) return value.items;
  problems.push(fileProblem(file, 'tệp phải là một danh sách mục, hoặc có khóa items: [...]'));
  return undefined;
}

// ---------------------------------------------------------------- validation

function validate(raw: RawItem[], problems: ContentProblem[]): ContentItem[] {
  const items: ContentItem[] = [];
  const firstSeen = new Map<string, RawItem>();
  for (const entry of raw) {
    if (!isRecord(entry.data)) {
      problems.push({ file: entry.file, item: entry.position, field: '-', reason: 'mỗi mục phải là một đối tượng có id, kind, title…' });
      continue;
    }
    const data = clean(entry.data) as Record<string, unknown>;
    const id = typeof data.id === 'string' ? data.id : undefined;
    const label = id ?? entry.position;
    if (id !== undefined) {
      const first = firstSeen.get(id);
      if (first) {
        problems.push({
          file: entry.file,
          item: id,
          field: 'id',
          reason: `id bị trùng: đã dùng ở ${first.file} (mục ${first.position}), ở đây là mục ${entry.position}`,
        });
      } else firstSeen.set(id, entry);
    }
    const result = contentItemSchema.safeParse(data, { error: vietnameseError });
    if (result.success) items.push(result.data);
    else problems.push(...issuesToProblems(entry.file, label, result.error.issues));
  }
  return items;
}

/** NFC, trimmed, and blank or null values dropped: an empty cell or `place:` with nothing means absent. */
function clean(value: unknown): unknown {
  if (typeof value === 'string') {
    const s = value.normalize('NFC').trim();
    return s === '' ? undefined : s;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(clean).filter((v) => v !== undefined);
  if (isRecord(value)) {
    // fromEntries defines own properties, so a "__proto__" key stays a key (and is then rejected as unknown).
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k.normalize('NFC').trim(), clean(v)] as const)
        .filter(([, v]) => v !== undefined),
    );
  }
  return value;
}

function issuesToProblems(file: string, item: string, issues: z.core.$ZodIssue[]): ContentProblem[] {
  return issues.flatMap((issue): ContentProblem[] => {
    const field = issue.path.length > 0 ? issue.path.join('.') : '-';
    if (issue.code === 'invalid_union') {
      // "neither a list nor a string" helps nobody; the list branch knows which element is wrong (e.g. keywords.3).
      const nested = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
      if (nested) return issuesToProblems(file, item, nested.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
    }
    if (issue.code === 'unrecognized_keys') {
      const prefix = field === '-' ? '' : `${field}.`;
      return issue.keys.map((key) => ({ file, item, field: prefix + key, reason: 'trường không được hỗ trợ (gõ sai tên?)' }));
    }
    return [{ file, item, field, reason: issue.message }];
  });
}

/** Plain-Vietnamese messages for zod's built-in checks; the schema's own messages take precedence. */
function vietnameseError(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'bắt buộc, đang thiếu';
      if (issue.expected === 'number') return 'phải là số';
      if (issue.expected === 'string') return 'phải là chữ (trong YAML hãy đặt giữa dấu nháy)';
      if (issue.expected === 'object') return 'phải là một nhóm trường (ref, issuer, date, url)';
      return `sai kiểu dữ liệu, cần ${issue.expected}`;
    case 'invalid_value':
      return `phải là một trong: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'phải là danh sách, hoặc các cụm từ ngăn cách bằng dấu ;';
    case 'too_small':
      if (issue.origin === 'string') return `quá ngắn, cần ít nhất ${issue.minimum} ký tự`;
      return issue.minimum === 0 && !issue.inclusive ? 'phải lớn hơn 0' : `phải từ ${issue.minimum} trở lên`;
    case 'too_big':
      if (issue.origin === 'string') return `quá dài, tối đa ${issue.maximum} ký tự`;
      return `tối đa ${issue.maximum}`;
    default:
      return undefined; // zod's default
  }
}
