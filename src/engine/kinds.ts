/**
 * The nouns by which people name a kind of content: "lớp" and "khóa học" are courses, "hội chợ" and
 * "triển lãm" fairs. A question that names a place and a kind ("Huế đang mở lớp nghề gì?") asks for
 * items of that kind there; a national policy that mentions classes does not answer it.
 */
import type { ContentKind } from '../content/model.js';

// A Map, not an object: the keys come from whatever the user typed ("constructor" is not a kind).
const KIND_NOUNS: ReadonlyMap<string, ContentKind> = new Map([
  ['lop', 'course'],
  ['khoa hoc', 'course'],
  ['hoi cho', 'fair'],
  ['trien lam', 'fair'],
  ['phien cho', 'fair'],
  ['ke hoach', 'plan'],
  ['chinh sach', 'policy'],
]);

/** The kinds a question names, from its folded tokens. */
export function namedKinds(tokens: readonly string[]): ContentKind[] {
  const out = new Set<ContentKind>();
  for (let i = 0; i < tokens.length; i++) {
    const one = KIND_NOUNS.get(tokens[i]!);
    const two = i + 1 < tokens.length ? KIND_NOUNS.get(`${tokens[i]} ${tokens[i + 1]}`) : undefined;
    if (two) out.add(two);
    else if (one) out.add(one);
  }
  return [...out];
}
