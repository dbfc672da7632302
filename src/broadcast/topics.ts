/**
 * The four things people can subscribe to, how they are called in Vietnamese, and how they are
 * recognised in what officers and users type ("hội chợ", "hoi-cho", "fair" all mean `fair`).
 */
import { foldVi } from '../text/fold.js';
import type { Topic } from '../store/types.js';

export const TOPICS: readonly Topic[] = ['course', 'policy', 'fair', 'plan'];

/** As users read them in lists and confirmations. */
export const TOPIC_LABELS: Record<Topic, string> = {
  course: 'đào tạo nghề',
  policy: 'chính sách hỗ trợ',
  fair: 'hội chợ, triển lãm',
  plan: 'kế hoạch, tin tức',
};

export const TOPIC_EMOJI: Record<Topic, string> = { course: '🎓', policy: '📜', fair: '🏪', plan: '🗓' };

/** Folded phrases per topic, longest first within the scan. */
const PHRASES: Array<[string, Topic]> = [
  ['dao tao nghe', 'course'],
  ['khoa dao tao', 'course'],
  ['khoa hoc nghe', 'course'],
  ['lop hoc nghe', 'course'],
  ['hoc nghe', 'course'],
  ['dao tao', 'course'],
  ['khoa hoc', 'course'],
  ['lop hoc', 'course'],
  ['chinh sach ho tro', 'policy'],
  ['chinh sach', 'policy'],
  ['hoi cho', 'fair'],
  ['trien lam', 'fair'],
  ['phien giao dich viec lam', 'fair'],
  ['ngay hoi viec lam', 'fair'],
  ['ke hoach', 'plan'],
];

export function isTopic(value: string): value is Topic {
  return (TOPICS as readonly string[]).includes(value);
}

/** One topic named on the command line: "fair", "hoi-cho", "hội chợ". undefined if unknown. */
export function parseTopic(raw: string): Topic | undefined {
  const folded = foldVi(raw.replace(/[-_]/g, ' '));
  if (isTopic(folded)) return folded;
  const compact = folded.replace(/ /g, '');
  return PHRASES.find(([phrase]) => phrase.replace(/ /g, '') === compact)?.[1];
}

/** Topics mentioned in folded text, in order of first mention, without repeats. */
export function detectTopics(folded: string): Topic[] {
  const text = ` ${folded} `;
  const hits: Array<{ at: number; topic: Topic }> = [];
  for (const [phrase, topic] of PHRASES) {
    const at = text.indexOf(` ${phrase} `);
    if (at >= 0) hits.push({ at, topic });
  }
  hits.sort((a, b) => a.at - b.at);
  return [...new Set(hits.map((h) => h.topic))];
}
