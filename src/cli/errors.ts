/** An error the CLI reports as a plain message (bad arguments, bad content), without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
