/**
 * The enrolment dialog's state as kept in the store between turns, checked with zod when read back:
 * a state written by an older version, or damaged, is not trusted blindly.
 */
import { z } from 'zod';
import type { DialogState, TurnContext } from '../../src/conversation/handler.js';
import { dialogTable, type OpenDialog } from '../../src/conversation/dialog-state.js';

export const ENROLL_DIALOG = 'enroll';

export const STEPS = ['waitlist', 'name', 'phone', 'province', 'commune', 'confirm'] as const;
export type Step = (typeof STEPS)[number];

const enrollDataSchema = z.object({
  courseId: z.string().min(1),
  title: z.string(),
  fullName: z.string().optional(),
  phone: z.string().optional(),
  provinceCode: z.string().optional(),
  commune: z.string().optional(),
  /** We already asked once for a fuller name; a second single word is accepted. */
  nameAsked: z.boolean().optional(),
  /** The course was full when the dialog started: the summary says "danh sách chờ". */
  full: z.boolean().optional(),
});
export type EnrollData = z.infer<typeof enrollDataSchema>;

/** The enrolment dialog's steps and state, read back through the schema. */
export const enrollDialog = dialogTable(ENROLL_DIALOG, STEPS, enrollDataSchema);
export type EnrollDialog = OpenDialog<Step, EnrollData>;

/** The open enrolment dialog, if the turn has one and its state reads back whole. */
export const readEnrollDialog = (dialog: DialogState | undefined) => enrollDialog.read(dialog);

export function setStep(ctx: TurnContext, step: Step, data: EnrollData): void {
  enrollDialog.set(ctx, step, data);
}

/** The same course, its answers forgotten: the form starts over. */
export function freshData(d: EnrollData): EnrollData {
  return { courseId: d.courseId, title: d.title, full: Boolean(d.full) };
}
