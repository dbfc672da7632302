/**
 * CSV content packs (as Excel saves them): headers matched loosely, the delimiter guessed from the
 * header line, the kind taken from the file name when there is no kind column.
 */
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { CONTENT_KINDS, vietnameseDateToIso, type ContentKind } from './model.js';
import { fileProblem, type ContentProblem, type RawItem } from './problems.js';

/** CSV header (folded: lower case, letters and digits only) → field path in the model. */
const CSV_COLUMNS: Record<string, string> = Object.fromEntries(
  [
    'id', 'kind', 'title', 'summary', 'body', 'keywords', 'tags', 'province', 'place',
    'startsAt', 'endsAt', 'deadline', 'contact', 'trade', 'capacity', 'fee',
    'source.ref', 'source.issuer', 'source.date', 'source.url',
  ].map((field) => [foldHeader(field), field]),
);
const CSV_DATE_FIELDS = new Set(['startsAt', 'endsAt', 'deadline', 'source.date']);

/** `source.ref`, `source_ref`, `Source Ref` and `starts_at` all name the same column. */
function foldHeader(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** courses.csv, course-2027.csv, policies.csv, faq_hoc-phi.csv … name the kind of every row. */
function kindFromFileName(file: string): ContentKind | undefined {
  const m = /^(course|polic(?:y|ies)|fair|plan|faq)s?(?:[-_.].*)?\.csv$/i.exec(basename(file));
  if (!m?.[1]) return undefined;
  const word = m[1].toLowerCase();
  return word.startsWith('polic') ? 'policy' : CONTENT_KINDS.find((k) => k === word);
}

/** The delimiter is whichever of `,` `;` TAB occurs most in the header line, outside quotes. */
function detectDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [ch, n] of counts) if (n > (counts.get(best) ?? 0)) best = ch;
  return best;
}

export function parseCsvText(file: string, text: string, problems: ContentProblem[]): RawItem[] {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parseCsv(text, {
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true, // a short or long row is reported against its line below, not as a file error
      skip_empty_lines: true,
    }) as unknown as typeof rows; // csv-parse's typings ignore `info: true`, which wraps each record
  } catch (err) {
    problems.push(fileProblem(file, `CSV không đọc được: ${(err as Error).message}`));
    return [];
  }
  const [header, ...body] = rows;
  if (!header) return [];

  const columns: Array<string | undefined> = header.record.map((h) => CSV_COLUMNS[foldHeader(h.normalize('NFC'))]);
  header.record.forEach((h, i) => {
    const field = columns[i];
    if (field === undefined && h.trim() !== '') {
      problems.push({ file, item: '-', field: h.trim(), reason: 'cột không được hỗ trợ (gõ sai tên cột?)' });
    } else if (field !== undefined && columns.indexOf(field) !== i) {
      problems.push({ file, item: '-', field, reason: 'cột bị lặp lại' });
    }
  });
  const fileKind = kindFromFileName(file);

  const items: RawItem[] = [];
  for (const { record, info } of body) {
    if (record.every((cell) => cell.trim() === '')) continue; // Excel writes `;;;;` for blank formatted rows
    // info.lines is where the record ends; a quoted cell may span lines, so step back to where it starts.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const position = `#${line}`;
    const extra = record.slice(header.record.length);
    if (extra.some((cell) => cell.trim() !== '')) {
      problems.push({ file, item: position, field: '-', reason: `dòng có ${record.length} cột, tiêu đề chỉ có ${header.record.length}` });
    }
    const data: Record<string, unknown> = {};
    columns.forEach((field, i) => {
      const cell = record[i]?.trim();
      if (field === undefined || !cell) return; // empty cell = field absent
      const value = CSV_DATE_FIELDS.has(field) ? vietnameseDateToIso(cell) : cell;
      if (field.startsWith('source.')) {
        const source = (data.source ??= {}) as Record<string, unknown>;
        source[field.slice('source.'.length)] = value;
      } else data[field] = value;
    });
    if (data.kind === undefined) {
      if (fileKind) data.kind = fileKind;
      else {
        const item = typeof data.id === 'string' ? data.id : position;
        problems.push({ file, item, field: 'kind', reason: 'thiếu loại: thêm cột kind hoặc đặt tên tệp như courses.csv, policies.csv, fairs.csv, plans.csv, faqs.csv' });
        continue;
      }
    }
    items.push({ file, position, data });
  }
  return items;
}
