/**
 * "Thử hỏi": an officer types a question and sees what the bot would answer (the engine's own
 * answer), how sure it is against the gate it answers above, and which words of the question each
 * item matched. Read-only: it asks the engine and writes nothing, not even a conversation.
 */
import type { FastifyInstance } from 'fastify';
import { KIND_LABELS } from '../../content/model.js';
import type { AnswerEngine } from '../../engine/engine.js';
import { DEFAULT_PARAMS, explainQuestion, rankQuestion } from '../../engine/ranker.js';
import { field, html, type Html } from '../html.js';
import type { ConsoleContext } from '../plugin.js';
import { provinceName } from '../scope.js';

const MAX_QUESTION = 500;
/** Confidence is evidence × coverage², not a probability: shown as a number beside the gate it must clear. */
const sure = (x: number) => x.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function explain(engine: AnswerEngine, question: string): Promise<Html> {
  const answer = await engine.ask(question);
  const { analysis } = engine.understand(question);
  const ranked = rankQuestion(engine.index, analysis, DEFAULT_PARAMS, { limit: 5 });
  const why = explainQuestion(engine.index, analysis, DEFAULT_PARAMS, ranked);
  const shown = answer.results.length ? answer.results : answer.suggestions;
  const items = new Map((await engine.items(shown.length ? shown : ranked.map((r) => ({ id: r.doc.id, kind: r.doc.kind, title: r.doc.title, score: r.confidence })))).map((i) => [i.id, i]));
  const verdict = answer.service
    ? html`<p class="notice">Bot <b>chỉ nơi lo việc này</b>: câu hỏi về ${answer.service.topic}, nội dung không có mục nào về nó (tên mục không nhắc) nên bot trả lời "bạn hỏi ${answer.service.office}".</p>`
    : answer.results.length
    ? html`<p class="notice">Bot <b>trả lời</b> bằng ${answer.results.length} mục (bot trả lời khi độ chắc từ ${sure(DEFAULT_PARAMS.gate)} trở lên).</p>`
    : answer.suggestions.length
      ? html`<p class="notice">Bot <b>chưa chắc</b>: hỏi lại "Có phải bạn hỏi…" với ${answer.suggestions.length} mục gần nhất.</p>`
      : html`<p class="alert">Bot <b>không tìm thấy</b> nội dung phù hợp: trả lời hướng dẫn liên hệ.</p>`;
  const answerList = shown.map((r) => {
    const item = items.get(r.id);
    return html`<li><b>${r.title}</b> <span class="tag">${KIND_LABELS[r.kind]}</span> <span class="muted">${provinceName(item?.provinceCode)} · độ chắc ${sure(r.score)}</span>
<pre class="reply">${item?.summary ?? ''}</pre></li>`;
  });
  const matched = new Map(why.items.map((i) => [i.id, i]));
  const rankRows = ranked.map((r) => {
    const m = matched.get(r.doc.id);
    return html`<tr><td>${r.doc.title}<br><small class="muted">${r.doc.id}</small></td><td>${sure(r.confidence)}</td><td>${m?.matched.join(', ') || '—'}</td></tr>`;
  });
  return html`<h2>Kết quả</h2>
<p>Ý định: <b>${answer.intent}</b>${analysis.provinces.length ? html` · Tỉnh nhắc đến: <b>${analysis.provinces.map((p) => p.shortName).join(', ')}</b>` : ''}${
    answer.elsewhere ? html` · Tỉnh hỏi không có, gợi ý nơi khác` : ''
  }</p>
${verdict}${answerList.length ? html`<ol>${answerList}</ol>` : ''}
<h2>Các từ của câu hỏi</h2>
<p>${why.terms.length ? why.terms.map((t) => html`<span class="tag">${t.words} · ${t.weight}</span> `) : html`<span class="muted">không có từ nào được tìm</span>`}</p>
<small class="muted">Từ viết không dấu như bot đọc; số sau mỗi từ là trọng số: từ hiếm và đúng nội dung nặng hơn từ chung chung. Độ chắc phải từ ${sure(DEFAULT_PARAMS.gate)} thì bot trả lời, từ ${sure(DEFAULT_PARAMS.gate * DEFAULT_PARAMS.suggestShare)} thì hỏi lại "Có phải bạn hỏi…".</small>
<h2>Các mục gần nhất</h2>
<div class="scroll"><table><thead><tr><th scope="col">Mục</th><th scope="col">Độ chắc</th><th scope="col">Từ khớp</th></tr></thead><tbody>${rankRows}</tbody></table></div>`;
}

export function tryAskRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  app.get<{ Querystring: { q?: string } }>('/try', async (req, reply) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, MAX_QUESTION) : '';
    const result = !q ? html`` : ctx.engine ? await explain(ctx.engine, q) : html`<p class="alert">Máy trả lời chưa chạy trong tiến trình này.</p>`;
    const body = html`<h1>Thử hỏi</h1><p class="muted">Gõ một câu hỏi như người dân hay hỏi: xem bot sẽ trả lời gì, khớp những từ nào và chắc đến đâu. Không ghi lại gì.</p>
<form method="get" action="/admin/try" class="box" role="search">${field({ name: 'q', label: 'Câu hỏi', value: q, required: true })}<button>Hỏi thử</button></form>${result}`;
    return ctx.render(req, reply, { title: 'Thử hỏi', current: '/admin/try', body });
  });
}
