/**
 * A multi-step dialog's state as kept in the store between turns: its name, its steps and a zod
 * schema for what it remembers. Read back through the schema, so a state written by an older
 * version, or damaged, is recognised as such instead of being trusted blindly. Each dialog is then
 * a table of steps, one function each (handlers/enrollment/steps.ts, handlers/subscriptions/…);
 * yes / no / stop are read by src/conversation/answers.ts for all of them.
 */
import { z } from 'zod';
import type { DialogState, TurnContext } from './handler.js';

/** An open dialog whose state reads back whole. */
export interface OpenDialog<S extends string, D> {
  step: S;
  data: D;
}

export interface DialogTable<S extends string, D> {
  readonly name: string;
  /** This dialog, if it is the open one: its checked state, `{ invalid: true }` when it does not read back. */
  read(dialog: DialogState | undefined): OpenDialog<S, D> | { invalid: true } | undefined;
  /** This dialog's checked state, or undefined (another dialog, none, or an unreadable one). */
  open(dialog: DialogState | undefined): OpenDialog<S, D> | undefined;
  /** Moves the dialog to `step`, remembering `data`. */
  set(ctx: Pick<TurnContext, 'setDialog'>, step: S, data: D): void;
  /** Closes the dialog if it is the open one (another dialog is left alone). */
  close(ctx: Pick<TurnContext, 'dialog' | 'setDialog'>): void;
}

export function dialogTable<const S extends string, Schema extends z.ZodType<Record<string, unknown>>>(
  name: string,
  steps: readonly [S, ...S[]],
  schema: Schema,
): DialogTable<S, z.infer<Schema>> {
  const stepSchema = z.enum(steps);
  const read: DialogTable<S, z.infer<Schema>>['read'] = (dialog) => {
    if (dialog?.dialog !== name) return undefined;
    const step = stepSchema.safeParse(dialog.step);
    const data = schema.safeParse(dialog.data);
    return step.success && data.success ? { step: step.data as S, data: data.data } : { invalid: true };
  };
  return {
    name,
    read,
    open(dialog) {
      const state = read(dialog);
      return state && !('invalid' in state) ? state : undefined;
    },
    set: (ctx, step, data) => ctx.setDialog({ dialog: name, step, data: { ...data } }),
    close(ctx) {
      if (ctx.dialog?.dialog === name) ctx.setDialog(undefined);
    },
  };
}
