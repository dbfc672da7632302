/**
 * `nghebot chat [--user ID]`: a conversation in the terminal with the same engine and handlers.
 * Buttons become numbered choices. Without a terminal on stdin it reads one message per line and
 * prints each reply, so conversations can be scripted.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { AppConfig } from '../../config.js';
import { createCore } from '../../app.js';
import { createLogger } from '../../observability/logger.js';
import type { IncomingMessage } from '../../conversation/incoming.js';
import { renderForTerminal } from '../render.js';
import { argumentError, CliError } from '../errors.js';
import type { Command } from './command.js';

/** Words that end a terminal chat (only at a terminal: a script may well send "thoát" to the bot). */
const QUIT_WORDS = new Set(['thoát', 'thoat', 'exit', 'quit', '/quit', '/exit']);

export const chatCommand: Command = {
  summary: 'trò chuyện với bot trong terminal (gõ số để chọn nút)',
  usage: 'chat [--user ID]',
  async run(args: string[], config: AppConfig) {
    let userId = 'terminal';
    try {
      const { values } = parseArgs({ args, options: { user: { type: 'string' } }, strict: true });
      if (values.user !== undefined) userId = values.user;
    } catch (err) {
      throw argumentError(err, 'chat');
    }
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(userId)) throw new CliError('--user: 1–64 ký tự chữ, số, _ . -');
    const core = await createCore(config, { logger: createLogger('silent') });
    const interactive = Boolean(process.stdin.isTTY);
    const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
    let choices: string[] = [];
    const say = async (msg: Omit<IncomingMessage, 'channel' | 'userId' | 'receivedAt'>) => {
      const replies = await core.service.handle({ channel: 'cli', userId, receivedAt: new Date(), ...msg });
      const out = renderForTerminal(replies);
      choices = out.choices;
      process.stdout.write((out.text || '(bot không trả lời)') + '\n');
    };
    try {
      if (interactive) {
        await say({ kind: 'start' });
        process.stdout.write('\n(Gõ số để chọn nút. Gõ "thoát" hoặc Ctrl+D để kết thúc.)\n');
        rl.setPrompt('\n> ');
        rl.prompt();
      }
      for await (const line of rl) {
        const text = line.trim();
        if (interactive && QUIT_WORDS.has(text.toLowerCase())) break;
        const n = /^\d{1,2}$/.test(text) ? Number(text) : 0;
        if (n >= 1 && n <= choices.length) await say({ kind: 'action', action: choices[n - 1]! });
        else await say({ kind: 'text', text: line });
        if (interactive) rl.prompt();
        else process.stdout.write('---\n');
      }
      return 0;
    } finally {
      rl.close();
      await core.close();
    }
  },
};
