/**
 * Support policies (chính sách hỗ trợ): all of them, by title; they do not expire like courses.
 */
import { catalogueHandler, todayIso } from './catalogue.js';

export const policiesHandler = catalogueHandler({
  kind: 'policy',
  heading: '📜 Các chính sách hỗ trợ',
  empty: 'Chưa có chính sách nào trong dữ liệu.',
  current: (item, now) => !item.endsAt || item.endsAt >= todayIso(now),
  order: (a, b) => a.title.localeCompare(b.title, 'vi'),
});
