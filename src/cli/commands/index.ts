/**
 * The command table. Each command is a module with `run(args, config)`; add one here to extend the CLI.
 */
import type { AppConfig } from '../../config.js';
import { announceCommand } from './announce.js';
import { askCommand } from './ask.js';
import { chatCommand } from './chat.js';
import { enrollmentsCommand } from './enrollments.js';
import { importCommand } from './import.js';
import { officersCommand } from './officers.js';
import { serveCommand } from './serve.js';

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], config: AppConfig): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  import: importCommand,
  ask: askCommand,
  chat: chatCommand,
  announce: announceCommand,
  enrollments: enrollmentsCommand,
  officers: officersCommand,
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return (
    `Cách dùng: nghebot <lệnh> [tham số]\n\n${lines.join('\n')}\n\n` +
    `Xem hướng dẫn từng lệnh: nghebot <lệnh> --help. Phiên bản: nghebot --version.\n` +
    `Cấu hình qua biến môi trường (xem README).\n`
  );
}
