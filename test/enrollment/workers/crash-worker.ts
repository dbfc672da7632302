/**
 * One process of the crash test: walks a user through the enrolment dialog to the summary, then
 * answers "đồng ý" and kills itself with SIGKILL at a chosen point of the store's enrol call:
 *   mid   — inside the transaction, after the enrolment and its officer alert were written, before commit;
 *   after — right after the commit, before the dialog's end is written or the reply goes out.
 * Usage: crash-worker.ts DATA_DIR COURSE_ID USER mid|after
 */
import type { ChangeNotices, EnrollmentInput } from '../../../src/store/types.js';
import { openBot, tap } from '../helpers.js';

const [dataDir, courseId, user, mode] = process.argv.slice(2) as [string, string, string, 'mid' | 'after'];
const bot = await openBot(dataDir);
await bot.say(user, tap(`enroll:${courseId}`));
await bot.say(user, 'Nguyễn Thị Bảy');
await bot.say(user, '0933 000 777');
await bot.say(user, 'Vĩnh Long');
await bot.say(user, 'bỏ qua');

const store = bot.core.store;
const enroll = store.enroll.bind(store);
store.enroll = async (input: EnrollmentInput, now: Date, notices?: ChangeNotices) => {
  const dying: ChangeNotices | undefined =
    notices &&
    ((change) => {
      const out = notices(change);
      if (mode === 'mid') process.kill(process.pid, 'SIGKILL');
      return out;
    });
  const outcome = await enroll(input, now, dying);
  if (mode === 'after') process.kill(process.pid, 'SIGKILL');
  return outcome;
};
await bot.say(user, 'đồng ý');
// Not reached: the process is killed inside the enrolment.
process.exit(3);
