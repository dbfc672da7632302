/**
 * `nghebot unanswered list [--json] [--province P] [--from D] [--until D] [--days N]`: questions the
 * bot could not answer, grouped, most asked first, with the likely items;
 * `unanswered attach GROUP_ID ITEM_ID` makes the group's phrasings keywords of the item (the
 * running bot answers them within seconds) and tells the people who asked;
 * `unanswered dismiss GROUP_ID` drops the group. Question text is stored masked.
 */
import { parseArgs } from 'node:util';
import type { AppConfig } from '../../config.js';
import { createCore } from '../../app.js';
import { createLogger } from '../../observability/logger.js';
import { resolveProvinceName, provinceByCode } from '../../text/provinces.js';
import { UnansweredService, type GroupFilter, type GroupSummary } from '../../unanswered/service.js';
import { argumentError, CliError } from '../errors.js';
import type { Command } from './index.js';

const USAGE = 'unanswered list [--json] [--province P] | attach NHÓM MỤC | dismiss NHÓM | learned [MỤC]';
const DAY_MS = 86_400_000;

function parse(args: string[]) {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        json: { type: 'boolean' },
        province: { type: 'string' },
        from: { type: 'string' },
        until: { type: 'string' },
        days: { type: 'string' },
        status: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    return { values, positionals };
  } catch (err) {
    throw argumentError(err, 'unanswered');
  }
}

function isoDay(value: string, option: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new CliError(`--${option} cần ngày dạng 2026-11-30`);
  return new Date(`${value}T00:00:00+07:00`).toISOString();
}

function filterOf(values: ReturnType<typeof parse>['values'], now: Date): GroupFilter {
  const filter: GroupFilter = {};
  if (values.province) {
    const province = resolveProvinceName(values.province);
    if (!province) throw new CliError(`không nhận ra tỉnh/thành "${values.province}"`);
    filter.provinceCode = province.code;
  }
  if (values.days) {
    const days = Number(values.days);
    if (!Number.isInteger(days) || days < 1) throw new CliError('--days cần một số ngày (1, 7, 30…)');
    filter.from = new Date(now.getTime() - days * DAY_MS).toISOString();
  }
  if (values.from) filter.from = isoDay(values.from, 'from');
  // Inclusive of the day named: up to the start of the next one.
  if (values.until) filter.until = new Date(Date.parse(isoDay(values.until, 'until')) + DAY_MS).toISOString();
  if (values.status) {
    if (!['open', 'attached', 'dismissed'].includes(values.status)) throw new CliError('--status là open, attached hoặc dismissed');
    filter.status = values.status as GroupFilter['status'];
  }
  return filter;
}

function listText(groups: GroupSummary[]): string {
  if (groups.length === 0) return 'Không có câu hỏi nào chưa được trả lời.';
  return groups
    .map((g) => {
      const where = g.provinceCodes.map((c) => provinceByCode(c)?.name ?? c).join(', ');
      const lines = [`[${g.id}] ${g.count} lần · gần nhất ${g.lastAskedAt.slice(0, 16).replace('T', ' ')}${where ? ` · ${where}` : ''}`];
      for (const e of g.examples) lines.push(`    “${e}”`);
      if (g.likely.length) lines.push(`    gần với: ${g.likely.map((l) => `${l.id}${l.title ? ` (${l.title})` : ''}`).join('; ')}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

export const unansweredCommand: Command = {
  summary: 'câu hỏi bot chưa trả lời được: xem, gắn vào một mục, bỏ qua',
  usage: USAGE,
  async run(args: string[], config: AppConfig) {
    const [sub, ...rest] = args;
    const { values, positionals } = parse(rest);
    if (sub !== 'list' && sub !== 'attach' && sub !== 'dismiss' && sub !== 'learned') throw new CliError(`cần "list", "attach", "dismiss" hoặc "learned": nghebot ${USAGE}`);
    const want = { list: [0], attach: [2], dismiss: [1], learned: [0, 1] }[sub];
    if (!want.includes(positionals.length)) throw new CliError(`nghebot ${USAGE}`);
    const core = await createCore(config, { logger: createLogger('silent') });
    try {
      const service = new UnansweredService({ store: core.store, engine: core.engine });
      if (sub === 'list') {
        const groups = await service.list(filterOf(values, new Date()));
        process.stdout.write((values.json ? JSON.stringify(groups) : listText(groups)) + '\n');
        return 0;
      }
      if (sub === 'learned') {
        const learned = await service.learned(positionals[0]);
        if (values.json) process.stdout.write(JSON.stringify(learned) + '\n');
        else if (learned.length === 0) process.stdout.write('Chưa có cách hỏi nào được gắn.\n');
        else process.stdout.write(learned.map((l) => `${l.itemId}\n${l.phrasings.map((p) => `    “${p}”`).join('\n')}`).join('\n\n') + '\n');
        return 0;
      }
      if (sub === 'dismiss') {
        if (!(await service.dismiss(positionals[0]!))) throw new CliError(`không có nhóm đang mở nào mã ${positionals[0]}`);
        process.stdout.write(`Đã bỏ qua nhóm ${positionals[0]}.\n`);
        return 0;
      }
      const [groupId, itemId] = positionals as [string, string];
      const outcome = await service.attach(groupId, itemId);
      if (!outcome.ok) {
        const why = { 'no-group': `không có nhóm mã ${groupId}`, 'no-item': `không có mục nội dung mã ${itemId}`, closed: `nhóm ${groupId} đã được xử lý rồi` }[outcome.reason];
        throw new CliError(why);
      }
      process.stdout.write(
        `Đã gắn ${outcome.phrasings.length} cách hỏi vào ${itemId}; bot trả lời các câu này từ câu hỏi tới. ` +
          `Báo cho ${outcome.notified} người đã hỏi (theo giờ gửi tin).\n`,
      );
      return 0;
    } finally {
      await core.close();
    }
  },
};
