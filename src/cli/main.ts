/**
 * `nghebot` command line: dispatches to one module per command. Exit codes: 0 ok, 1 failure
 * (bad content, bad arguments), 2 configuration error.
 */
import { ConfigError, loadConfig } from '../config.js';
import { COMMANDS, usage } from './commands/index.js';
import { CliError } from './errors.js';
import { StoreOpenError } from '../store/errors.js';
import { COMMAND_HELP, version, wantsHelp } from './help.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`nghebot ${version()}\n`);
    return 0;
  }
  if (name === 'help' && args[0] && COMMAND_HELP[args[0]]) {
    process.stdout.write(COMMAND_HELP[args[0]]!);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`nghebot: lệnh không rõ "${name}"\n\n${usage()}`);
    return 1;
  }
  // Before the configuration is read: help must work anywhere, and must never start anything.
  if (wantsHelp(args)) {
    process.stdout.write(COMMAND_HELP[name] ?? usage());
    return 0;
  }
  const config = loadConfig();
  return command.run(args, config);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof CliError || err instanceof StoreOpenError) {
      process.stderr.write(`nghebot: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`nghebot: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
