/**
 * Support policies (chính sách hỗ trợ): all of them, by title; they do not expire like courses.
 */
import { catalogueHandler } from './catalogue.js';

export const policiesHandler = catalogueHandler({
  kind: 'policy',
  heading: '📜 Các chính sách hỗ trợ',
  empty: 'Chưa có chính sách nào trong dữ liệu.',
  order: 'title',
});
