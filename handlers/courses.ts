/**
 * Courses (khóa đào tạo nghề): the menu list shows courses still open for registration, soonest first.
 */
import { catalogueHandler } from './catalogue.js';

export const coursesHandler = catalogueHandler({
  kind: 'course',
  heading: '🎓 Các khóa học nghề đang nhận đăng ký',
  empty: 'Hiện chưa có khóa học nào đang nhận đăng ký. Bạn đăng ký nhận tin để được báo khi có lớp mới nhé.',
  order: 'start',
});
