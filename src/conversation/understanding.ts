/**
 * The turn's one reading of its text. The router reads the message once (engine.understand) and
 * carries it in the turn context; handlers that need the folded words, the places or an answer to
 * the message itself take that reading instead of analysing the text again (the engine keeps only
 * its last reading, which other turns in flight overwrite).
 */
import { analyzeQuestion, type AnalyzedQuestion } from '../engine/analyze.js';
import { NO_SEARCH, type Answer, type SearchOptions } from '../engine/engine.js';
import type { TurnContext } from './handler.js';

/** The analysis of `text`: the router's when it is the message's own text, else a fresh one. */
export function analysisOf(ctx: Pick<TurnContext, 'msg' | 'understanding'>, text: string): AnalyzedQuestion {
  const own = ctx.understanding;
  return own && ctx.msg.text === text ? own.analysis : analyzeQuestion(text);
}

/** The engine's answer to the message's own text, ranked from the router's reading (as engine.ask would). */
export async function answerMessage(ctx: Pick<TurnContext, 'msg' | 'understanding' | 'engine'>, options: SearchOptions = {}): Promise<Answer> {
  const own = ctx.understanding;
  if (!own) return ctx.engine.ask(ctx.msg.text ?? '', options);
  await ctx.engine.refresh();
  const { intent, analysis } = own;
  if (NO_SEARCH.has(intent)) return { intent, analysis, results: [], suggestions: [] };
  return { intent, analysis, ...ctx.engine.rank(analysis, options) };
}
