/**
 * Counts each question the bot searched for: per day, per province when known, answered or not.
 * A turn hook run after the handlers, one increment per question; a failure never costs the user
 * their answer.
 */
import type { TurnHooks } from '../conversation/hooks.js';
import type { Answer, AnswerEngine } from '../engine/engine.js';
import type { Logger } from '../observability/logger.js';
import type { QuestionCountStore } from './ports.js';

/**
 * What the dashboard counts of an answer: nothing for a message with no word to search; "answered"
 * for a confident result or the contact asked for. The province is the one the question named, else
 * that of the item answered with (a course of one province answers that province's people).
 */
export function tallyOf(answer: Answer, engine: Pick<AnswerEngine, 'index'>): { answered: boolean; provinceCode?: string } | undefined {
  const contact = answer.intent === 'contact';
  if (!contact && answer.analysis.tokens.length === 0) return undefined;
  const top = answer.results[0];
  const provinceCode = answer.analysis.provinces[0]?.code ?? answer.elsewhere ?? (top ? engine.index.getDoc(top.id)?.provinceCode : undefined);
  return { answered: contact || answer.results.length > 0, ...(provinceCode ? { provinceCode } : {}) };
}

export async function countQuestion(
  store: QuestionCountStore,
  engine: Pick<AnswerEngine, 'index'>,
  answer: Answer,
  today: string,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  const tally = tallyOf(answer, engine);
  if (!tally) return;
  try {
    await store.countQuestion(today, tally.provinceCode, tally.answered);
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'question counts: could not count a question');
  }
}

/** The hook that counts what the ask handler searched for (not the terminal's tries, whose questions are officers'). */
export function createQuestionCounter(deps: { logger: Pick<Logger, 'warn'> }): TurnHooks {
  return {
    before: async () => undefined,
    async after(ctx, handledBy, replies) {
      const { msg, user, answer } = ctx;
      if (msg.kind === 'text' && msg.text && handledBy === 'ask' && answer !== undefined && user.channel !== 'cli') {
        await countQuestion(ctx.store.questionCounts, ctx.engine, answer, ctx.today, deps.logger);
      }
      return replies;
    },
  };
}
