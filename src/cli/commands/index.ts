/**
 * The command table. Each command is a module with `run(args, config)`; add one here to extend the CLI.
 */
import type { Command } from './command.js';
import { announceCommand } from './announce.js';
import { askCommand } from './ask.js';
import { chatCommand } from './chat.js';
import { contentCommand } from './content.js';
import { enrollmentsCommand } from './enrollments.js';
import { importCommand } from './import.js';
import { officersCommand } from './officers.js';
import { serveCommand } from './serve.js';
import { unansweredCommand } from './unanswered.js';

export type { Command } from './command.js';

export const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  import: importCommand,
  content: contentCommand,
  ask: askCommand,
  chat: chatCommand,
  announce: announceCommand,
  enrollments: enrollmentsCommand,
  unanswered: unansweredCommand,
  officers: officersCommand,
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return (
    `Cách dùng: nghebot <lệnh> [tham số]\n\n${lines.join('\n')}\n\n` +
    `Xem hướng dẫn từng lệnh: nghebot <lệnh> --help. Phiên bản: nghebot --version.\n` +
    `Cấu hình qua biến môi trường (xem README).\n`
  );
}
