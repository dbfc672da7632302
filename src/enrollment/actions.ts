/** The enrolment feature's button actions (see src/replies/actions.ts). */
import { actionNames, idAction, simpleAction } from '../replies/actions.js';

/** "Đăng ký học" on a course: opens the form for it. */
export const enrollAction = idAction('enroll');
/** The form's province suggestion. */
export const provinceAction = idAction('prov');
export const confirmAction = simpleAction('confirm');
export const editAction = simpleAction('edit');
export const skipAction = simpleAction('skip');
export const cancelAction = simpleAction('cancel');
/** "Lớp đã đăng ký": the person's own enrolments. */
export const myEnrollmentsAction = simpleAction('myenroll');
/** A Zalo user agrees to be reached at the phone of this enrolment when the chat window has closed. */
export const phoneConsentAction = idAction('phoneok');
/** "❌ Hủy đăng ký" under one of the person's enrolments: asks first. */
export const unenrollAction = idAction('unenroll');
/** "✅ Có, hủy đăng ký": the answer to that question. */
export const unenrollConfirmAction = idAction('unenroll-ok');
/** "Xóa thông tin của tôi", and the answer "yes" to its question. */
export const eraseAction = simpleAction('erase');
export const eraseConfirmAction = simpleAction('erase-ok');
/** An officer's "Xuất danh sách lớp" for one course, or for every course in their provinces. */
export const exportAction = idAction('export');
export const exportAllAction = simpleAction('export');
/** An officer's enrolment counts per course. */
export const statsAction = simpleAction('stats');

export const ENROLL_FORM_ACTIONS = actionNames(enrollAction, provinceAction, confirmAction, editAction, skipAction, cancelAction);
