/**
 * Content changes from the console (and the CLI's deletion): one item from the edit form, uploaded
 * files, or a deletion. Saves go through
 * the import's own reading and validation (loadContentSources, checkProvinces) and the store's
 * all-or-nothing importItems, with the officer's province rule checked on every item before anything
 * is written; a problem is reported as the import reports it (file · item · field: reason).
 */
import { extname } from 'node:path';
import { importSources, provinceCodeOf } from '../content/import.js';
import { ContentError, type ContentProblem, type ContentSource } from '../content/load.js';
import { KIND_LABELS, type ContentItem } from '../content/model.js';
import type { Announcement, ImportResult, RemoveOutcome } from '../store/types.js';
import type { Store } from '../store/ports.js';
import { canWrite, provinceName, type Officer } from './scope.js';

/** The edit form's fields; `source.*` are the legal reference's. */
export const ITEM_FIELDS = [
  'id', 'kind', 'title', 'summary', 'body', 'keywords', 'tags', 'province', 'place', 'startsAt', 'endsAt', 'deadline',
  'contact', 'trade', 'capacity', 'fee', 'source.ref', 'source.issuer', 'source.date', 'source.url',
] as const;
export type ItemForm = Partial<Record<(typeof ITEM_FIELDS)[number], string>>;
/** Name of the one-item "file" the form is read as (its extension picks the JSON reader). */
export const FORM_SOURCE = 'biểu mẫu.json';

export function formFromBody(body: Record<string, unknown>): ItemForm {
  const form: ItemForm = {};
  for (const f of ITEM_FIELDS) {
    const v = body[f];
    if (typeof v === 'string') form[f] = v;
  }
  return form;
}

export function formFromItem(item: ContentItem): ItemForm {
  const form: ItemForm = {};
  for (const f of ITEM_FIELDS) {
    const [a, b] = f.split('.') as [keyof ContentItem, string | undefined];
    const v = b ? (item[a] as Record<string, unknown> | undefined)?.[b] : item[a];
    if (Array.isArray(v)) form[f] = v.join('; ');
    else if (v !== undefined && v !== null) form[f] = String(v);
  }
  return form;
}

/** The form as the import would read it from a file: empty fields absent, `source.*` nested. */
function rawItem(form: ItemForm): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  for (const f of ITEM_FIELDS) {
    const v = form[f]?.trim();
    if (!v) continue;
    if (f.startsWith('source.')) source[f.slice(7)] = v;
    else item[f] = v;
  }
  if (Object.keys(source).length) item.source = source;
  return item;
}

export type SaveOutcome = { ok: true; result: ImportResult } | { ok: false; problems: ContentProblem[] };

/**
 * Checks that the officer may write every item (its province, and the province of the stored item it
 * would replace) and, for a new item, that its id is free.
 */
async function scopeProblems(store: Store, officer: Officer, items: ContentItem[], file: (i: number) => string, mustBeNew: boolean): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const existing = new Map((await store.getItems(items.map((i) => i.id))).map((i) => [i.id, i]));
  items.forEach((item, i) => {
    const code = provinceCodeOf(item);
    const stored = existing.get(item.id);
    if (!canWrite(officer, code)) {
      const reason = code
        ? `bạn chỉ thêm, sửa nội dung của ${provinceName(officer.provinceCode)}, không phải ${provinceName(code)}`
        : `nội dung toàn quốc (không ghi tỉnh) chỉ quản trị viên sửa được; ghi tỉnh ${provinceName(officer.provinceCode)}`;
      problems.push({ file: file(i), item: item.id, field: 'province', reason });
    } else if (stored && mustBeNew) {
      problems.push({ file: file(i), item: item.id, field: 'id', reason: 'mã này đã có; chọn mã khác hoặc sửa mục đó' });
    } else if (stored && !canWrite(officer, stored.provinceCode)) {
      problems.push({ file: file(i), item: item.id, field: 'id', reason: `mã này là một mục của ${provinceName(stored.provinceCode)}; bạn không sửa được` });
    }
  });
  return problems;
}

async function importChecked(store: Store, officer: Officer, sources: ContentSource[], mustBeNew: boolean): Promise<SaveOutcome> {
  const files = sources.length === 1 ? () => sources[0]!.name : () => '-';
  try {
    const result = await importSources(store, sources, async (items) => {
      const problems = await scopeProblems(store, officer, items, files, mustBeNew);
      if (problems.length) throw new ContentError(problems);
    });
    return { ok: true, result };
  } catch (err) {
    if (err instanceof ContentError) return { ok: false, problems: err.problems };
    throw err;
  }
}

/** Saves one item from the form. `editing`: the id of the item being edited (the id cannot change). */
export async function saveItem(store: Store, officer: Officer, form: ItemForm, editing?: string): Promise<SaveOutcome> {
  const item = rawItem(editing ? { ...form, id: editing } : form);
  return importChecked(store, officer, [{ name: FORM_SOURCE, data: JSON.stringify([item]) }], !editing);
}

/** A deletion, or why not: the store's refusals, and announcements still to be sent that link to the item. */
export type DeleteOutcome = RemoveOutcome | { removed: false; reason: 'announcements'; announcements: Announcement[] };

/** Announcements not yet sent out (scheduled, or recurring and running) whose button opens this item. */
export async function pendingAnnouncementsLinking(store: Pick<Store, 'listAnnouncements'>, id: string): Promise<Announcement[]> {
  // Only the pending ones are read: the sent ones (every notification among them) grow without end.
  const pending = [...(await store.listAnnouncements({ status: 'scheduled' })), ...(await store.listAnnouncements({ status: 'sending' }))];
  return pending.filter((a) => a.itemId === id);
}

/**
 * Deletes an item and writes who did it to the audit log; the caller has checked that `actor` may.
 * A refusal (no such item, a course with enrolments, an announcement still to go out that links to
 * it and would lose its "Xem chi tiết" button) writes nothing.
 */
export async function deleteItem(store: Pick<Store, 'removeItem' | 'console' | 'listAnnouncements'>, actor: string, id: string, now: Date): Promise<DeleteOutcome> {
  const announcements = await pendingAnnouncementsLinking(store, id);
  if (announcements.length > 0) return { removed: false, reason: 'announcements', announcements };
  const outcome = await store.removeItem(id);
  if (outcome.removed) {
    const { item } = outcome;
    const detail = `${KIND_LABELS[item.kind]}: ${item.title}`.slice(0, 200);
    await store.console.appendAudit({ actor, action: 'item.delete', target: item.id, detail, ...(item.provinceCode ? { provinceCode: item.provinceCode } : {}) }, now);
  }
  return outcome;
}

export const UPLOAD_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.csv', '.xlsx']);

/**
 * Imports uploaded files together, all or nothing. A workbook is read as the CSV the import knows:
 * its first sheet, header row first, under the workbook's name (so `courses.xlsx` names the kind as
 * `courses.csv` would).
 */
export async function importUploads(store: Store, officer: Officer, files: Array<{ name: string; data: Buffer }>): Promise<SaveOutcome & { count?: number }> {
  const sources: ContentSource[] = [];
  const problems: ContentProblem[] = [];
  for (const f of files) {
    const ext = extname(f.name).toLowerCase();
    if (!UPLOAD_EXTENSIONS.has(ext)) problems.push({ file: f.name, item: '-', field: '-', reason: 'chỉ nhận tệp .yaml, .yml, .json, .csv hoặc .xlsx' });
    else if (ext === '.xlsx') {
      const csv = await workbookAsCsv(f.data).catch(() => undefined);
      if (csv === undefined) problems.push({ file: f.name, item: '-', field: '-', reason: 'không đọc được tệp Excel (.xlsx)' });
      else sources.push({ name: f.name.slice(0, -ext.length) + '.csv', data: csv });
    } else sources.push({ name: f.name, data: f.data });
  }
  if (problems.length) return { ok: false, problems };
  if (!sources.length) return { ok: false, problems: [{ file: '-', item: '-', field: '-', reason: 'chưa chọn tệp nào' }] };
  return importChecked(store, officer, sources, false);
}

/** The first worksheet as CSV text (`;`-separated lists survive: cells are quoted). */
async function workbookAsCsv(data: Buffer): Promise<string> {
  // Loaded on first use, as the export does: exceljs costs every process a quarter second of start-up.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) return '';
  const width = sheet.columnCount;
  const lines: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(`"${cellText(row.getCell(c).value).replace(/"/g, '""')}"`);
    lines.push(cells.join(','));
  });
  return lines.join('\n');
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; result?: unknown; richText?: Array<{ text: string }> };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return String(o.result);
    return '';
  }
  return String(v);
}
