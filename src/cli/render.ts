/**
 * The terminal rendering of replies: text, then items and buttons as numbered choices that the
 * user answers with the number (as they would tap a button).
 */
import type { Reply } from '../replies/model.js';

export interface TerminalRender {
  text: string;
  /** Choice number (1-based) → action. */
  choices: string[];
}

export function renderForTerminal(replies: Reply[]): TerminalRender {
  const choices: string[] = [];
  const blocks = replies.map((reply) => {
    const lines = [reply.text];
    for (const item of reply.items ?? []) {
      choices.push(item.action);
      lines.push(`  ${choices.length}. ${item.title}${item.subtitle ? ` (${item.subtitle})` : ''}`);
    }
    for (const row of reply.buttons ?? []) {
      for (const b of row) {
        choices.push(b.action);
        lines.push(`  [${choices.length}] ${b.label}`);
      }
    }
    if (reply.requestContact) lines.push('  (gõ số điện thoại của bạn)');
    if (reply.file) lines.push(`  📎 ${reply.file.filename} (${reply.file.data.length} byte)`);
    return lines.join('\n');
  });
  return { text: blocks.join('\n\n'), choices };
}
