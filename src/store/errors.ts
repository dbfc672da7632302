/**
 * The store could not be opened for a reason the operator must fix (server unreachable, wrong
 * kind of server, conflicting indexes). The message says what and how, and never holds a
 * credential, so the CLI prints it alone, without a stack trace.
 */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}
