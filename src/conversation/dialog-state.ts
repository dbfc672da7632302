/**
 * Reading a dialog's state back from the store through a zod schema: a state written by an older
 * version, or damaged, reads as no state at all instead of being trusted blindly.
 */
import type { z } from 'zod';
import type { DialogState } from './handler.js';

/** The open dialog's data when `dialog` is the named one and its data fits `schema`; undefined otherwise. */
export function readDialogData<S extends z.ZodType>(dialog: DialogState | undefined, name: string, schema: S): z.infer<S> | undefined {
  if (dialog?.dialog !== name) return undefined;
  const parsed = schema.safeParse(dialog.data);
  return parsed.success ? parsed.data : undefined;
}
