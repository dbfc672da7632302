/**
 * The turn's one reading of its text: handlers that need the folded words or the places of the
 * message take the router's reading instead of analysing the text again.
 */
import { analyzeQuestion, type AnalyzedQuestion } from '../engine/analyze.js';
import type { TurnContext } from './handler.js';

/** The analysis of `text`: the router's when it is the message's own text, else a fresh one. */
export function analysisOf(ctx: Pick<TurnContext, 'msg' | 'understanding'>, text: string): AnalyzedQuestion {
  const own = ctx.understanding;
  return own && ctx.msg.text === text ? own.analysis : analyzeQuestion(text);
}
