/**
 * What the hand-off gate and the unanswered-questions recording cost per turn, on the embedded
 * store with the shipped content: median and p95 time per turn through the conversation service,
 * without and with the gate, for answered questions, unanswered ones (recorded, grouped against the
 * open groups), and messages passed to an officer while a ticket is open. Bounded, 127.0.0.1 only
 * (no network at all), stops by itself.
 *
 *   node --import tsx bench/handoff.bench.ts [--turns 300] [--groups 2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createConversationService } from '../src/conversation/router.js';
import { createHandoffGate } from '../src/handoff/gate.js';
import { createLogger } from '../src/observability/logger.js';
import { defaultHandlers } from '../handlers/index.js';

const { values } = parseArgs({ options: { turns: { type: 'string', default: '300' }, groups: { type: 'string', default: '2000' } } });
const TURNS = Number(values.turns);
const GROUPS = Number(values.groups);
const ANSWERED = ['có lớp hàn điện không', 'hoc nghe may o vinh long', 'hỗ trợ vay vốn học nghề', 'hội chợ OCOP An Giang'];
const UNANSWERED = ['giá vàng hôm nay bao nhiêu', 'lớp dạy lái máy bay ở đâu', 'xin việc làm ở nước ngoài', 'thuê nhà trọ giá rẻ'];

const dir = mkdtempSync(join(tmpdir(), 'nghebot-handoff-bench-'));
const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ADMIN_IDS: 'telegram:1' });
const logger = createLogger('silent');
const core = await createCore(config, { logger, seed: true });

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return `median ${q(0.5)} ms · p95 ${q(0.95)} ms (${s.length} turns)`;
}

async function time(service: ReturnType<typeof createConversationService>, questions: string[], user: (i: number) => string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < TURNS; i++) {
    const started = performance.now();
    await service.handle({ channel: 'web', userId: user(i), kind: 'text', text: questions[i % questions.length]!, receivedAt: new Date() });
    out.push(performance.now() - started);
  }
  return out;
}

try {
  await core.engine.warmUp(500);
  const base = { store: core.store, engine: core.engine, config, logger, notifier: core.notifier, handlers: defaultHandlers() };
  const plain = createConversationService(base);
  const gated = createConversationService({ ...base, hooks: createHandoffGate({ logger }) });
  // Open groups the recorder compares each new question with.
  for (let i = 0; i < GROUPS; i++) {
    await core.store.unanswered.addOccurrence(
      { text: `câu hỏi mẫu ${i}`, user: { channel: 'web', userId: `seed${i}` }, candidateIds: [], reason: 'fallback', askedAt: new Date().toISOString() },
      { newGroup: { words: [`tu${i}`, `mau${i % 97}`], sample: `câu hỏi mẫu ${i}` } },
    );
  }
  console.log(`shipped content, ${GROUPS} open groups of unanswered questions, embedded store`);
  console.log(`answered, no gate:        ${stats(await time(plain, ANSWERED, (i) => `p${i % 50}`))}`);
  console.log(`answered, with gate:      ${stats(await time(gated, ANSWERED, (i) => `g${i % 50}`))}`);
  console.log(`unanswered, no gate:      ${stats(await time(plain, UNANSWERED, (i) => `pu${i % 50}`))}`);
  console.log(`unanswered, recorded:     ${stats(await time(gated, UNANSWERED, (i) => `gu${i % 50}`))}`);
  for (let i = 0; i < 50; i++) await gated.handle({ channel: 'web', userId: `t${i}`, kind: 'action', action: 'handoff', receivedAt: new Date() });
  console.log(`to officer (ticket open): ${stats(await time(gated, ANSWERED, (i) => `t${i % 50}`))}`);
} finally {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
}
