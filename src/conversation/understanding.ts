/**
 * The turn's one reading of its text. The router reads the message once (engine.understand) and
 * carries it in the turn context; handlers that need the folded words, the places or an answer to
 * the message itself take that reading instead of analysing the text again (the engine keeps only
 * its last reading, which other turns in flight overwrite).
 */
import { analyzeQuestion, type AnalyzedQuestion } from '../engine/analyze.js';
import { answerOf, NO_SEARCH, type Answer, type SearchOptions } from '../engine/engine.js';
import type { TurnContext } from './handler.js';

/** The analysis of `text`: the router's when it is the message's own text, else a fresh one. */
export function analysisOf(ctx: Pick<TurnContext, 'msg' | 'understanding'>, text: string): AnalyzedQuestion {
  const own = ctx.understanding;
  return own && ctx.msg.text === text ? own.analysis : analyzeQuestion(text);
}

/**
 * Answers already worked out this turn, per search options, kept on the turn's message object: the
 * reading cannot be the key, as the engine hands the same reading to every turn that asks the same
 * text until its content changes, and an answer kept on it skipped the refresh that would notice.
 */
const answered = new WeakMap<object, Map<string, Promise<Answer>>>();

/**
 * The engine's answer to the message's own text, ranked from the router's reading (as engine.ask
 * would); ranked once per turn and options, however many handlers ask ("hủy sao?" is looked at by
 * the enrolment handler, then answered by the question handler).
 */
export function answerMessage(ctx: Pick<TurnContext, 'msg' | 'understanding' | 'engine'>, options: SearchOptions = {}): Promise<Answer> {
  const own = ctx.understanding;
  if (!own) return ctx.engine.ask(ctx.msg.text ?? '', options);
  const key = `${options.kinds?.join(',') ?? ''}|${options.provinceCode ?? ''}|${options.limit ?? ''}`;
  let mine = answered.get(ctx.msg);
  if (!mine) answered.set(ctx.msg, (mine = new Map()));
  let answer = mine.get(key);
  if (!answer) mine.set(key, (answer = rankOwn(ctx.engine, own, options)));
  return answer;
}

async function rankOwn(engine: TurnContext['engine'], own: NonNullable<TurnContext['understanding']>, options: SearchOptions): Promise<Answer> {
  await engine.refresh();
  const { intent, analysis } = own;
  return answerOf(intent, analysis, NO_SEARCH.has(intent) ? undefined : engine.rank(analysis, options));
}
