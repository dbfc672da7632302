/**
 * The bars, end to end through the bot as `serve` builds it (createServerApp: web chat, Telegram
 * long polling against FakeTelegramApi over real HTTP, the outbox, the embedded store):
 * - a web user asks for a person, then asks a question; the officer in ADMIN_IDS gets it in
 *   Telegram, answers by replying to that notification, the answer reaches the web chat, and the
 *   bot does not answer the user's next message itself;
 * - a question the content does not cover, asked in the web chat, is listed by
 *   `bin/nghebot unanswered list --json`; after `unanswered attach` the same question answers the item.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp, type ServerApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { FakeTelegramApi, tgUpdate } from '../fakes/telegram-api.js';
import { sleep, until } from '../broadcast/helpers.js';
import { webBrowser } from '../server/helpers.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const TOKEN = '515151:HANDOFF-bar';
const OFFICER_ID = 4242;

let tg: FakeTelegramApi;
let app: ServerApp;
let dir: string;

function withoutMongo(e: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { MONGODB_URI: _unused, ...rest } = e;
  return rest;
}
const cli = (...args: string[]) =>
  run(process.execPath, [join(ROOT, 'bin', 'nghebot'), ...args], { cwd: ROOT, env: { ...withoutMongo(process.env), DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_CONTENT: '0' }, timeout: 60_000 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nghebot-handoff-bar-'));
  tg = await new FakeTelegramApi({ token: TOKEN, maxPollMs: 200 }).start();
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    DATA_DIR: dir,
    CONTENT_DIR: join(ROOT, 'test', 'fixtures'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ADMIN_IDS: `telegram:${OFFICER_ID}`,
    // The test may run at any hour: no quiet hours, the office always open.
    QUIET_HOURS: '0-0',
    OFFICE_DAYS: '0-6',
    OFFICE_HOURS: '0:00-24:00',
  });
  app = await createServerApp(config, { logger: createLogger('silent'), broadcast: { outbox: { pollMs: 50 }, pollMs: 100 } });
  await app.listen();
});
afterAll(async () => {
  await app?.stop();
  await tg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Browser = ReturnType<typeof webBrowser>;
const say = async (b: Browser, text: string) => ((await b.chat({ text })).json() as { replies: { text: string }[] }).replies;
/** Polls the web inbox like the page does, acknowledging what it got, until a reply matches. */
async function inboxUntil(b: Browser, match: (text: string) => boolean): Promise<string[]> {
  const seen: string[] = [];
  let ack = '';
  await until(async () => {
    const res = (await b.inbox(ack)).json() as { replies: { text: string }[]; last?: number };
    if (res.last) ack = `?ack=${res.last}`;
    seen.push(...res.replies.map((r) => r.text));
    return seen.some(match);
  }, 15_000, 'a web inbox message');
  return seen;
}

describe('hand-off bar', () => {
  it('officer in ADMIN_IDS answers a web user from Telegram by replying to the notification', async () => {
    const web = webBrowser(app.server);
    await web.chat({ start: true });
    const opened = await say(web, 'cho tôi gặp cán bộ');
    expect(opened.map((r) => r.text).join('\n')).toContain('chuyển cuộc trò chuyện cho cán bộ');

    const question = 'Lớp hàn điện ở Bến Tre học phí bao nhiêu ạ?';
    expect(await say(web, question)).toEqual([]);
    await until(() => tg.texts(OFFICER_ID).some((t) => t.includes(question)), 15_000, 'the officer notification');
    const notice = tg.sent(OFFICER_ID).find((s) => String(s.text).includes(question))!;

    const reply = tgUpdate.text(OFFICER_ID, 'Lớp miễn phí, bạn mang CCCD đến trung tâm nhé.') as { message: Record<string, unknown> };
    reply.message.reply_to_message = {
      message_id: 1,
      date: Math.floor(Date.now() / 1000),
      chat: { id: OFFICER_ID, type: 'private' },
      from: { id: 515151, is_bot: true, first_name: 'Nghề Bot' },
      text: String(notice.text),
    };
    tg.pushUpdate(reply);
    await until(() => tg.texts(OFFICER_ID).some((t) => t.includes('Đã gửi cho người dân')), 15_000, 'the officer confirmation');

    const got = await inboxUntil(web, (t) => t.includes('Lớp miễn phí, bạn mang CCCD'));
    expect(got.join('\n')).toContain('Cán bộ đã tham gia cuộc trò chuyện');

    // The bot stays quiet: the next message goes to the officer, not to the search.
    expect(await say(web, 'Dạ em cảm ơn, thứ mấy thì học ạ?')).toEqual([]);
    await until(() => tg.texts(OFFICER_ID).some((t) => t.includes('thứ mấy thì học')), 15_000, 'the follow-up forwarded');
    // Nor does anything but the officer's answer wait in the web inbox.
    await sleep(300);
    const waiting = ((await web.inbox()).json() as { replies: { text: string }[] }).replies.map((r) => r.text);
    expect(waiting.every((t) => t.includes('👮 Cán bộ'))).toBe(true);
  }, 60_000);
});

describe('unanswered bar', () => {
  it('a web question the content does not cover is listed, and answers the item once attached', async () => {
    const web = webBrowser(app.server);
    await web.chat({ start: true });
    const question = 'có lớp nuôi ong lấy mật không';
    expect((await say(web, question)).map((r) => r.text).join('\n')).toContain('chưa tìm thấy thông tin');

    const listed = JSON.parse((await cli('unanswered', 'list', '--json')).stdout) as Array<{ id: string; examples: string[]; count: number }>;
    const group = listed.find((g) => g.examples.includes(question));
    expect(group).toMatchObject({ count: 1 });

    const attached = await cli('unanswered', 'attach', group!.id, 'faq-thu-tuc-dang-ky');
    expect(attached.stdout).toContain('Đã gắn 1 cách hỏi vào faq-thu-tuc-dang-ky');
    expect((await cli('unanswered', 'learned', 'faq-thu-tuc-dang-ky')).stdout).toContain(`“${question}”`);
    // The running bot follows the store's content revision (about every 1.5 s).
    await until(async () => (await say(web, question)).some((r) => r.text.includes('Đăng ký học nghề như thế nào?')), 15_000, 'the attached answer');
    // The asker is told once, in the web inbox.
    const told = await inboxUntil(web, (t) => t.startsWith('Câu hỏi của bạn hôm trước đã có câu trả lời'));
    expect(told.filter((t) => t.startsWith('Câu hỏi của bạn hôm trước')).length).toBe(1);
  }, 90_000);
});
