/**
 * What the content loader reports and passes between its parsers: a problem found in a pack, and an
 * item as read from a file before validation.
 */
/** One thing wrong with a pack, precise enough for an officer to find it in the file. */
export interface ContentProblem {
  file: string;
  /** The item's id when known, else `#<n>`: 1-based position in a YAML/JSON list, or line number in a CSV. */
  item: string;
  /** Field path such as `title` or `source.date`; `-` when the problem is about the whole file or item. */
  field: string;
  reason: string;
}

/** An item as read from a file, before validation. */
export interface RawItem {
  file: string;
  /** `#<n>`: list position (YAML/JSON) or line number (CSV). */
  position: string;
  data: unknown;
}

export function fileProblem(file: string, reason: string): ContentProblem {
  return { file, item: '-', field: '-', reason };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
