/**
 * `nghebot content remove ID`: deletes one content item, as the console's delete does (a course
 * anyone enrolled in, or an item an unsent announcement links to, is refused; the audit log names
 * the CLI). Running bots stop answering with it
 * at their next look at the content revision, within seconds.
 */
import type { AppConfig } from '../../config.js';
import { deleteItem } from '../../console/content-edit.js';
import { openStore } from '../../store/index.js';
import { CliError } from '../errors.js';
import type { Command } from './command.js';

/** Who the audit log names for changes made here: whoever holds the store on disk. */
const CLI_ACTOR = 'cli';

export const contentCommand: Command = {
  summary: 'xóa một mục nội dung theo mã',
  usage: 'content remove ID',
  async run(args: string[], config: AppConfig) {
    const [sub, id, ...rest] = args;
    if (sub !== 'remove' || !id || rest.length) throw new CliError('cách dùng: nghebot content remove MÃ_MỤC');
    const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI });
    try {
      const outcome = await deleteItem(store, CLI_ACTOR, id, new Date());
      if (outcome.removed) {
        process.stdout.write(`Đã xóa "${outcome.item.title}" (${id}). Bot đang chạy thôi trả lời bằng mục này sau vài giây.\n`);
        return 0;
      }
      if (outcome.reason === 'announcements') {
        const ids = outcome.announcements.map((a) => a.id).join(', ');
        process.stderr.write(`Không xóa được ${id}: còn thông báo chưa gửi trỏ tới mục này (${ids}); hủy chúng trước (nghebot announce cancel MÃ).\n`);
        return 1;
      }
      if (outcome.reason === 'enrolments') {
        process.stderr.write(`Không xóa được ${id}: khóa học có ${outcome.enrolments} lượt đăng ký (kể cả lượt đã hủy); xóa thì danh sách đăng ký mất khóa học của nó.\n`);
        return 1;
      }
      process.stderr.write(`Không có mục ${id}.\n`);
      return 1;
    } finally {
      await store.close();
    }
  },
};
