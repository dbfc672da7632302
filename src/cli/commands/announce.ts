/**
 * `nghebot announce`: officers' announcements from the command line, written to the shared store;
 * a running bot picks them up within about a second, no restart needed.
 *
 *   announce --text T [--item ID] [--topic T]... [--province P]... [--channel C]... [--now | --at ISO | --cron EXPR] [--promotional]
 *   announce list | announce cancel ID | announce stats ID
 *
 * Times without an offset are Vietnam time (TIMEZONE). Without --topic every topic is meant.
 */
import { parseArgs } from 'node:util';
import type { AppConfig } from '../../config.js';
import { countAudience, describeAudience } from '../../broadcast/audience.js';
import {
  DraftError,
  parseChannel,
  parseDateTime,
  parseProvince,
  sendsRightAway,
  toAnnouncementInput,
  whenNote,
  type Draft,
  type When,
} from '../../broadcast/draft.js';
import { NOTIFICATION_CREATOR } from '../../broadcast/notifier.js';
import { quietPolicy } from '../../broadcast/quiet-hours.js';
import { parseTopic, TOPICS } from '../../broadcast/topics.js';
import { formatLocal } from '../../broadcast/zoned-time.js';
import { openStore } from '../../store/index.js';
import type { Announcement, Topic } from '../../store/types.js';
import type { AnnouncementStore, ContentStore, OutboxStore, SubscriptionStore, UserStore } from '../../store/ports.js';
import { argumentError, CliError } from '../errors.js';
import type { Command } from './index.js';

const STATUS_VI: Record<Announcement['status'], string> = {
  scheduled: 'chờ gửi',
  sending: 'đang gửi',
  done: 'xong',
  cancelled: 'đã hủy',
};

function parseCreate(args: string[], config: AppConfig): { draft: Draft } {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        text: { type: 'string' },
        item: { type: 'string' },
        topic: { type: 'string', multiple: true },
        province: { type: 'string', multiple: true },
        channel: { type: 'string', multiple: true },
        now: { type: 'boolean' },
        at: { type: 'string' },
        cron: { type: 'string' },
        promotional: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw argumentError(err, 'announce');
  }
  if (!values.text?.trim()) throw new CliError('cần --text "nội dung thông báo"');
  const chosen = [values.now ? 'now' : '', values.at !== undefined ? 'at' : '', values.cron !== undefined ? 'cron' : ''].filter(Boolean);
  if (chosen.length > 1) throw new CliError('chỉ chọn một trong --now, --at, --cron');
  try {
    const topics: Topic[] = (values.topic ?? []).map((t) => {
      const topic = parseTopic(t);
      if (!topic) throw new DraftError(`không rõ chủ đề "${t}"; chọn: ${TOPICS.join(', ')} (hoặc dao-tao, chinh-sach, hoi-cho, ke-hoach)`);
      return topic;
    });
    const when: When =
      values.at !== undefined
        ? { kind: 'at', at: parseDateTime(values.at, config.TIMEZONE) }
        : values.cron !== undefined
          ? { kind: 'cron', expression: values.cron }
          : { kind: 'now' };
    return {
      draft: {
        text: values.text,
        ...(values.item !== undefined ? { itemId: values.item } : {}),
        topics,
        provinceCodes: (values.province ?? []).map(parseProvince),
        channels: (values.channel ?? []).map(parseChannel),
        when,
        createdBy: 'cli',
        ...(values.promotional ? { promotional: true } : {}),
      },
    };
  } catch (err) {
    if (err instanceof DraftError) throw new CliError(err.message);
    throw err;
  }
}

async function create(store: AnnouncementStore & OutboxStore & ContentStore & SubscriptionStore & UserStore, args: string[], config: AppConfig): Promise<number> {
  const { draft } = parseCreate(args, config);
  const now = new Date();
  let input;
  try {
    input = await toAnnouncementInput(store, draft, now, config.TIMEZONE);
  } catch (err) {
    if (err instanceof DraftError) throw new CliError(err.message);
    throw err;
  }
  const { announcement } = await store.createAnnouncement(input, now);
  const size = await countAudience(store, input);
  const policy = quietPolicy(config);
  // Say what will really happen: only a due, unheld announcement goes out within seconds.
  const next = sendsRightAway(input, now, policy)
    ? 'Bot đang chạy (nghebot serve) sẽ bắt đầu gửi trong vài giây.'
    : input.cron
      ? 'Bot đang chạy (nghebot serve) sẽ gửi theo lịch trên.'
      : 'Bot đang chạy (nghebot serve) sẽ gửi vào lúc đó; đến giờ mà bot không chạy thì tin đi khi bot chạy lại.';
  process.stdout.write(
    `Đã tạo thông báo ${announcement.id}.\n` +
      `Người nhận: ${describeAudience(input)} — hiện có ${size} người.\n` +
      `Gửi: ${whenNote(input, now, policy)}.\n` +
      `${next} Xem tiến độ: nghebot announce stats ${announcement.id}\n`,
  );
  return 0;
}

async function list(store: AnnouncementStore & OutboxStore & ContentStore & SubscriptionStore & UserStore, config: AppConfig): Promise<number> {
  const all = await store.listAnnouncements();
  // Notifications to single users are bookkeeping, not announcements; the list shows the rest.
  const shown = all.filter((a) => a.createdBy !== NOTIFICATION_CREATOR).slice(-50);
  if (shown.length === 0) {
    process.stdout.write('Chưa có thông báo nào.\n');
    return 0;
  }
  process.stdout.write(
    `${'Mã'.padEnd(shown[0]!.id.length)}  ${'Trạng thái'.padEnd(10)}  ${'Giờ gửi'.padEnd(18)}  ${'Đã gửi/tổng'.padEnd(11)}  ${'Người tạo'.padEnd(15)}  Nội dung\n`,
  );
  for (const a of shown) {
    const s = await store.deliveryStats(a.id);
    const when = a.cron ? `cron "${a.cron}"` : a.sendAt ? formatLocal(new Date(a.sendAt), config.TIMEZONE) : '-';
    const text = a.text.replace(/\s+/g, ' ');
    process.stdout.write(
      `${a.id}  ${STATUS_VI[a.status].padEnd(10)}  ${when.padEnd(18)}  ${`${s.sent}/${s.total}`.padEnd(11)}  ${a.createdBy.padEnd(15)}  ${text.length > 50 ? `${text.slice(0, 49)}…` : text}\n`,
    );
  }
  return 0;
}

async function cancel(store: AnnouncementStore & OutboxStore & ContentStore & SubscriptionStore & UserStore, id: string | undefined): Promise<number> {
  if (!id) throw new CliError('cần mã thông báo: nghebot announce cancel ID');
  const a = await store.getAnnouncement(id);
  if (!a) throw new CliError(`không có thông báo mã "${id}"`);
  if (a.status === 'done' || a.status === 'cancelled') {
    process.stdout.write(`Thông báo ${id} đã ${STATUS_VI[a.status]}, không cần hủy.\n`);
    return 0;
  }
  // Compare-and-set: if the bot finished it (or someone else cancelled it) since we read it, say so
  // instead of overwriting that.
  if (!(await store.updateAnnouncement(id, { status: 'cancelled' }, { status: ['scheduled', 'sending'] }))) {
    const now = (await store.getAnnouncement(id))?.status ?? a.status;
    process.stdout.write(`Thông báo ${id} vừa ${STATUS_VI[now]}, không hủy nữa.\n`);
    return 0;
  }
  const s = await store.deliveryStats(id);
  process.stdout.write(`Đã hủy thông báo ${id}. Đã gửi trước khi hủy: ${s.sent}; ${s.pending + s.claimed} tin còn lại sẽ không gửi.\n`);
  return 0;
}

async function stats(store: AnnouncementStore & OutboxStore & ContentStore & SubscriptionStore & UserStore, id: string | undefined, config: AppConfig): Promise<number> {
  if (!id) throw new CliError('cần mã thông báo: nghebot announce stats ID');
  const a = await store.getAnnouncement(id);
  if (!a) throw new CliError(`không có thông báo mã "${id}"`);
  const s = await store.deliveryStats(id);
  const settled = s.sent + s.failed + s.unknown;
  const pct = s.total ? Math.round((settled / s.total) * 100) : 0;
  process.stdout.write(
    [
      `Thông báo ${a.id} — ${STATUS_VI[a.status]}`,
      `Người nhận: ${describeAudience(a)}`,
      a.cron ? `Lịch: ${a.cron}${a.nextRunAt ? `, lần tới ${formatLocal(new Date(a.nextRunAt), config.TIMEZONE)}` : ''}` : '',
      `Tổng ${s.total} · đã gửi ${s.sent} · chờ ${s.pending} · đang gửi ${s.claimed} · lỗi ${s.failed} · không rõ ${s.unknown} · xong ${pct}%`,
      s.unknown ? '("không rõ": kênh không trả lời kịp, có thể người nhận đã nhận; không gửi lại để tránh trùng.)' : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );
  return 0;
}

export const announceCommand: Command = {
  summary: 'gửi thông báo cho người đăng ký; list | cancel ID | stats ID',
  usage:
    'announce --text T [--item ID] [--topic T]... [--province P]... [--channel C]... [--now | --at ISO | --cron EXPR] [--promotional] | announce list | announce cancel ID | announce stats ID',
  async run(args: string[], config: AppConfig) {
    const [sub, ...rest] = args;
    if (!sub) throw new CliError(`thiếu tham số.\nCách dùng: nghebot ${announceCommand.usage}`);
    const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI });
    try {
      switch (sub) {
        case 'list':
          return await list(store, config);
        case 'cancel':
          return await cancel(store, rest[0]);
        case 'stats':
          return await stats(store, rest[0], config);
        default:
          if (!sub.startsWith('--')) throw new CliError(`lệnh con không rõ "${sub}"; dùng list, cancel, stats hoặc --text`);
          return await create(store, args, config);
      }
    } finally {
      await store.close();
    }
  },
};
