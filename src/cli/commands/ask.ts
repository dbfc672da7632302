/**
 * `nghebot ask "question"` prints the reply a user would see;
 * `nghebot ask --json` reads questions from stdin, one per line, and prints one JSON line each:
 * {"q","intent","results":[{"id","kind","title","score"}],"suggestions":[…]} (the eval harness relies on
 * this shape): `results` only when the engine is confident, `suggestions` the close items otherwise,
 * `service` the public service asked for when the content does not cover it (src/text/public-services.ts).
 */
import { createInterface } from 'node:readline';
import type { AppConfig } from '../../config.js';
import { createCore } from '../../app.js';
import { createLogger } from '../../observability/logger.js';
import { renderForTerminal } from '../render.js';
import { CliError } from '../errors.js';
import type { Command } from './command.js';

const ASK_USER = 'cli-ask';

export const askCommand: Command = {
  summary: 'hỏi một câu; --json: đọc câu hỏi từ stdin, in JSON từng dòng',
  usage: 'ask "câu hỏi" | ask --json < questions.txt',
  async run(args: string[], config: AppConfig) {
    const json = args.includes('--json');
    const question = args.filter((a) => a !== '--json').join(' ');
    if (!json && !question.trim()) throw new CliError('cần câu hỏi: nghebot ask "có lớp học hàn không"');
    const core = await createCore(config, { logger: createLogger('silent') });
    try {
      if (json) {
        const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
        for await (const line of lines) {
          const answer = await core.engine.ask(line);
          process.stdout.write(JSON.stringify({ q: line, intent: answer.intent, results: answer.results, suggestions: answer.suggestions, ...(answer.service ? { service: answer.service.id } : {}) }) + '\n');
        }
        return 0;
      }
      // A one-shot question starts clean: no half-finished dialog left by an earlier `ask`.
      await core.store.setConversation({ channel: 'cli', userId: ASK_USER }, undefined);
      const replies = await core.service.handle({
        channel: 'cli',
        userId: ASK_USER,
        kind: 'text',
        text: question,
        receivedAt: new Date(),
      });
      process.stdout.write(renderForTerminal(replies).text + '\n');
      return 0;
    } finally {
      await core.close();
    }
  },
};
