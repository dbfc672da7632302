/**
 * Typed button actions. Each feature declares its actions once (`simpleAction('confirm')`,
 * `idAction('enroll')`): the codec writes the value a button carries back, refusing one a channel
 * could not carry (Telegram's callback data is at most 64 bytes) — the one place that size is
 * checked — and reads it back from an incoming action. `button()` is the one way to build a button.
 * Handlers declare the action names they own (Handler.actions), so the router hands an action to
 * its owner whatever the order of the handler list.
 */
import { MAX_ACTION_BYTES, parseAction, type Button } from './model.js';

export interface ActionCodec<T> {
  readonly name: string;
  /** The action string for `value`; undefined when it would not fit in a button. */
  encode(value: T): string | undefined;
  /** The value of an incoming action of this kind; undefined when the action is another one (or unreadable). */
  decode(action: string | undefined): T | undefined;
}

function fits(value: string): string | undefined {
  return Buffer.byteLength(value, 'utf8') <= MAX_ACTION_BYTES ? value : undefined;
}

/** An action with an argument: `name:arg`, the argument written and read by the feature. */
export function actionCodec<T>(name: string, arg: { write(value: T): string; read(arg: string): T | undefined }): ActionCodec<T> {
  return {
    name,
    encode: (value) => fits(`${name}:${arg.write(value)}`),
    decode(action) {
      if (action === undefined) return undefined;
      const parsed = parseAction(action);
      return parsed.name === name && parsed.arg ? arg.read(parsed.arg) : undefined;
    },
  };
}

/** An action carrying one id (`item:<id>`, `enroll:<courseId>`). */
export const idAction = (name: string): ActionCodec<string> => actionCodec(name, { write: (id) => id, read: (id) => id });

/**
 * An action with no argument (`confirm`, `cancel`); decodes to true, and only the bare name: a feature
 * may own both `export` (everything) and `export:<id>` (one) under the same name.
 */
export function simpleAction(name: string): ActionCodec<true> {
  return {
    name,
    encode: () => fits(name),
    decode: (action) => (action === name ? true : undefined),
  };
}

/** A button for `codec(value)`, or undefined when the value makes the action too long to carry. */
export function button<T>(label: string, codec: ActionCodec<T>, value: T): Button | undefined {
  const action = codec.encode(value);
  return action === undefined ? undefined : { label, action };
}

/** A button for an action without argument; its name is a constant, so it always fits. */
export function fixedButton(label: string, codec: ActionCodec<true>): Button {
  const action = codec.encode(true);
  if (action === undefined) throw new Error(`action name longer than ${MAX_ACTION_BYTES} bytes: ${codec.name.slice(0, 80)}`);
  return { label, action };
}

/** Rows of buttons without the ones that could not be built (and rows left empty). */
export function buttonRows(...rows: Array<Array<Button | undefined>>): Button[][] {
  return rows.map((row) => row.filter((b): b is Button => b !== undefined)).filter((row) => row.length > 0);
}

/** The names a handler owns, for Handler.actions (a name shared by two codecs counted once). */
export const actionNames = (...codecs: Array<ActionCodec<never> | ActionCodec<any>>): string[] => [...new Set(codecs.map((c) => c.name))];
