/**
 * One process of the enrolment race: opens its own core on the shared DATA_DIR, walks its users
 * through the dialog up to the summary, prints "ready", waits for "go" on stdin, then sends every
 * user's "đồng ý" at once. Prints one JSON line: each user's answer.
 * Usage: race-worker.ts DATA_DIR COURSE_ID FIRST COUNT
 */
import { createInterface } from 'node:readline';
import { testStoreAt } from '../../store/support/test-store.js';
import { openBot, tap, textOf } from '../helpers.js';

const [dataDir, courseId, firstArg, countArg] = process.argv.slice(2);
const first = Number(firstArg);
const count = Number(countArg);

/** A letters-only name per index (names may not contain digits). */
function nameOf(i: number): string {
  const letters = 'abcdeghiklmnopqrstuvxy';
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / letters.length)) s = letters[(n - 1) % letters.length] + s;
  return `Học Viên ${s}`;
}
const phoneOf = (i: number) => `091${String(i).padStart(7, '0')}`;

// The same store as the test: DATA_DIR, or the MongoDB database named after it when MONGODB_URI is set.
const bot = await openBot(dataDir!, testStoreAt(dataDir!).env);
const users = Array.from({ length: count }, (_, k) => first + k);
for (const i of users) {
  const id = `racer${i}`;
  await bot.say(id, tap(`enroll:${courseId}`));
  await bot.say(id, nameOf(i));
  await bot.say(id, phoneOf(i));
  await bot.say(id, 'An Giang');
  const summary = await bot.say(id, 'bỏ qua');
  if (!textOf(summary).includes('Xác nhận')) throw new Error(`user ${i} did not reach the summary: ${textOf(summary)}`);
}
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;

const answers = await Promise.all(users.map(async (i) => ({ user: `racer${i}`, text: textOf(await bot.say(`racer${i}`, 'đồng ý')) })));
await bot.close();
process.stdout.write(JSON.stringify({ answers }) + '\n');
