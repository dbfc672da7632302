/**
 * Paired A/B of the bot's CPU per Telegram update, for a machine too busy for `bench:webhook`'s
 * 200/s phase to compare two versions (there a bot that falls behind batches more work per
 * wake-up, so load moves the figure more than code does). Two bots, one per checkout, start side
 * by side (the same content, webhook mode, replies into one fake Bot API on 127.0.0.1); each gets
 * the same warm-up; then ROUNDS rounds of PER updates are sent to them alternately, one at a time,
 * so both see the same load at the same moments. Each bot's CPU (user + system, /proc) per update
 * is printed per round, with the per-round ratio B/A, then the same for the main thread alone (the
 * JIT compiler's and GC's helper threads left out: their bursts are most of the noise between
 * rounds), and for user time alone (system time swings with the machine's load: loopback writes that
 * wake the other core). Two copies of one checkout give ≈1.00.
 *
 *   node --import tsx bench/webhook-paired.ts DIR_A DIR_B [ROUNDS=10] [PER=250] [WARM_UP=3000] [--rate N]
 *
 * With --rate N each round sends PER updates to each bot at N per second, to both at the same
 * time, answered or not (as bench:webhook's fixed-rate phase does, where a bot idles between updates).
 *
 * Each DIR is a checkout with its node_modules (a git worktree of the other version).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, fetch } from 'undici';
import type { BotProcess } from '../test/broadcast/spawn-bot.js';
import { FakeTelegramApi, tgUpdate } from '../test/fakes/telegram-api.js';

const [dirA, dirB] = [process.argv[2], process.argv[3]].map((d) => (d ? resolve(d) : undefined));
if (!dirA || !dirB) {
  console.error('usage: webhook-paired.ts DIR_A DIR_B [ROUNDS] [PER] [WARM_UP]');
  process.exit(2);
}
const rateAt = process.argv.indexOf('--rate');
/** 0: one update at a time; else this many updates/s to each bot, both at once (bench:webhook's 200/s phase). */
const RATE = rateAt > 0 ? Number(process.argv[rateAt + 1]) : 0;
const positional = process.argv.slice(2).filter((_, i, all) => all[i] !== '--rate' && all[i - 1] !== '--rate');
const ROUNDS = Number(positional[2] ?? 10);
const PER = Number(positional[3] ?? 250);
const WARM_UP = Number(positional[4] ?? 3000);
const TOKEN = '900901:BENCH-webhook';
const SECRET = 'bench_webhook-SECRET';
const TEXTS = ['co lop hoc han k a', 'hoc nghe mien phi cho ai', 'hoi cho vinh long', 'xin chao', 'vay von'];
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Bot {
  dir: string;
  process: BotProcess;
  dataDir: string;
  perUpdate: number[];
  /** The main thread's alone: without the JIT compiler's and the GC's helper threads, whose bursts add noise. */
  mainPerUpdate: number[];
  /** User time alone (every thread): system time swings with the machine's load more than with the code. */
  userPerUpdate: number[];
}

/** CPU time so far in ms (user + system, or user alone): the process's (every thread), or one thread's. */
function cpuMs(pid: number, thread?: number, userOnly = false): number {
  const fields = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + (userOnly ? 0 : Number(fields[12]))) * 1000) / ticksPerSecond;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(a: string, b: string) {
  // Connections kept as in bench:webhook (as Telegram and its API server keep them).
  const tg = await new FakeTelegramApi({ token: TOKEN, keepAliveTimeoutMs: 10 * 60_000 }).start();
  const telegram = new Agent({ connections: 40 });
  const start = async (dir: string): Promise<Bot> => {
    // Each checkout's own launcher, so each bot runs that checkout's code.
    const { spawnBot } = (await import(join(dir, 'test/broadcast/spawn-bot.ts'))) as typeof import('../test/broadcast/spawn-bot.js');
    const dataDir = mkdtempSync(join(tmpdir(), 'nghebot-paired-'));
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: tg.url,
      TELEGRAM_WEBHOOK_URL: 'https://example.test/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      FLOOD_LIMIT: '100000',
    };
    return { dir, process: await spawnBot(env, {}, { timeoutMs: 90_000 }), dataDir, perUpdate: [], mainPerUpdate: [], userPerUpdate: [] };
  };
  const bots = [await start(a), await start(b)];
  let updateId = 1;
  const post = async (bot: Bot, userId: number, text: string) => {
    const res = await fetch(`${bot.process.address}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: JSON.stringify({ update_id: updateId++, ...tgUpdate.text(userId, text) }),
      dispatcher: telegram,
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${bot.dir}: webhook answered ${res.status}`);
  };
  /** Each bot gets RATE updates/s at the same time as the other (half a period apart), answered or not. */
  const atRate = async (order: Bot[], round: number) => {
    const sent: Promise<void>[] = [];
    const periodMs = 1000 / RATE;
    const start = performance.now();
    for (let i = 0; i < PER; i++) {
      for (const [k, bot] of order.entries()) {
        const wait = start + i * periodMs + (k * periodMs) / 2 - performance.now();
        if (wait > 1) await sleep(wait);
        sent.push(post(bot, 20_000_000 + (i % 100), TEXTS[(i + round) % TEXTS.length]!));
      }
    }
    await Promise.all(sent);
  };
  try {
    // The same warm-up for both, at once: 10 in flight each.
    await Promise.all(
      bots.map(async (bot) => {
        let sent = 0;
        await Promise.all(
          Array.from({ length: 10 }, async (_, worker) => {
            while (sent < WARM_UP) {
              const k = sent++;
              await post(bot, 29_000_000 + worker * 1000 + (k % 20), TEXTS[k % TEXTS.length]!);
            }
          }),
        );
      }),
    );
    for (let round = 0; round < ROUNDS; round++) {
      const before = bots.map((bot) => cpuMs(bot.process.child.pid!));
      const mainBefore = bots.map((bot) => cpuMs(bot.process.child.pid!, bot.process.child.pid!));
      const userBefore = bots.map((bot) => cpuMs(bot.process.child.pid!, undefined, true));
      // Who goes first alternates too.
      const order = round % 2 ? [bots[1]!, bots[0]!] : bots;
      if (RATE > 0) await atRate(order, round);
      else for (let i = 0; i < PER; i++) for (const bot of order) await post(bot, 20_000_000 + (i % 100), TEXTS[(i + round) % TEXTS.length]!);
      bots.forEach((bot, k) => {
        bot.perUpdate.push((cpuMs(bot.process.child.pid!) - before[k]!) / PER);
        bot.mainPerUpdate.push((cpuMs(bot.process.child.pid!, bot.process.child.pid!) - mainBefore[k]!) / PER);
        bot.userPerUpdate.push((cpuMs(bot.process.child.pid!, undefined, true) - userBefore[k]!) / PER);
      });
    }
    const [botA, botB] = bots as [Bot, Bot];
    for (const bot of bots) {
      console.log(`${bot.dir}: median ${median(bot.perUpdate).toFixed(2)} ms of CPU per update; rounds ${bot.perUpdate.map((x) => x.toFixed(2)).join(' ')}`);
    }
    const ratios = botB.perUpdate.map((x, i) => x / botA.perUpdate[i]!);
    console.log(`B/A per round ${ratios.map((r) => r.toFixed(2)).join(' ')}; median ${median(ratios).toFixed(3)}`);
    for (const bot of bots) console.log(`${bot.dir}: main thread alone, median ${median(bot.mainPerUpdate).toFixed(2)} ms per update`);
    const mainRatios = botB.mainPerUpdate.map((x, i) => x / botA.mainPerUpdate[i]!);
    console.log(`main thread B/A per round ${mainRatios.map((r) => r.toFixed(2)).join(' ')}; median ${median(mainRatios).toFixed(3)}`);
    for (const bot of bots) console.log(`${bot.dir}: user time alone, median ${median(bot.userPerUpdate).toFixed(2)} ms per update`);
    const userRatios = botB.userPerUpdate.map((x, i) => x / botA.userPerUpdate[i]!);
    console.log(`user time B/A per round ${userRatios.map((r) => r.toFixed(2)).join(' ')}; median ${median(userRatios).toFixed(3)}`);
  } finally {
    for (const bot of bots) {
      await bot.process.stop();
      rmSync(bot.dataDir, { recursive: true, force: true });
    }
    await tg.stop();
    await telegram.close();
  }
}

main(dirA, dirB).catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
