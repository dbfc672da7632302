/** An error the CLI reports as a plain message (bad arguments, bad content), without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** node:util parseArgs errors in Vietnamese (officers read them), with where to look for the options. */
export function argumentError(err: unknown, command: string): CliError {
  const e = err as NodeJS.ErrnoException;
  const quoted = /'([^']+)'/.exec(e.message ?? '')?.[1] ?? '';
  const help = `xem: nghebot ${command} --help`;
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new CliError(`tùy chọn không rõ "${quoted}"; ${help}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new CliError(`tùy chọn ${quoted.replace(/ <value>$/, '')} cần một giá trị hợp lệ; ${help}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new CliError(`tham số thừa "${quoted}"; ${help}`);
    default:
      return new CliError(`${e.message}; ${help}`);
  }
}
