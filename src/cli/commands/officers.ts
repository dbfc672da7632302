/**
 * `nghebot officers add USERNAME --province P [--admin] [--link telegram:ID]`, `officers list`,
 * `officers remove USERNAME`, `officers passwd USERNAME`, `officers link USERNAME telegram:ID|--none`:
 * the accounts officers sign in to the web console with (/admin). Passwords come from standard input,
 * never from an argument (arguments end up in shell history and in `ps`).
 */
import { parseArgs } from 'node:util';
import type { AppConfig } from '../../config.js';
import { AccountError, addOfficer, checkProvince, checkUsername, linkText, parseLink, removeOfficer, setLink, setPassword } from '../../console/accounts.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/ports.js';
import { provinceByCode } from '../../text/provinces.js';
import { argumentError, CliError } from '../errors.js';
import type { Command } from './index.js';

const SUBCOMMANDS = ['add', 'list', 'remove', 'passwd', 'link'] as const;
type Sub = (typeof SUBCOMMANDS)[number];
/** Who the audit log names for changes made here: whoever holds the store on disk. */
const CLI_ACTOR = 'cli';

function parse(args: string[]) {
  const [sub, ...rest] = args;
  if (!SUBCOMMANDS.includes(sub as Sub)) throw new CliError(`cần một trong ${SUBCOMMANDS.join(', ')}; xem: nghebot officers --help`);
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { province: { type: 'string' }, admin: { type: 'boolean' }, link: { type: 'string' }, none: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
    return { sub: sub as Sub, ...values, positionals };
  } catch (err) {
    throw argumentError(err, 'officers');
  }
}

/** Reads a line from a terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('đã hủy'));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password: typed twice on a terminal, else the first line of standard input (scripts, tests). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const first = await readHidden('Mật khẩu: ');
    const again = await readHidden('Nhập lại mật khẩu: ');
    if (first !== again) throw new CliError('hai lần nhập mật khẩu không khớp');
    return first;
  }
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const line = text.split(/\r?\n/)[0] ?? '';
  if (!line) throw new CliError('cần mật khẩu ở đầu vào chuẩn, ví dụ: nghebot officers add TÊN --province "Vĩnh Long" < matkhau.txt');
  return line;
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new CliError(`cần đúng một ${what}`);
  return positionals[0]!;
}

async function list(store: Store): Promise<string> {
  const accounts = await store.console.listAccounts();
  if (accounts.length === 0) return 'Chưa có tài khoản cán bộ nào. Tạo: nghebot officers add TÊN --province TỈNH\n';
  const lines = accounts.map((a) =>
    [a.username, a.admin ? 'quản trị' : 'cán bộ', a.provinceCode ? (provinceByCode(a.provinceCode)?.name ?? a.provinceCode) : 'toàn quốc', linkText(a.linked) || '-'].join('\t'),
  );
  return ['Tên\tVai trò\tTỉnh/thành\tLiên kết', ...lines].join('\n') + '\n';
}

export const officersCommand: Command = {
  summary: 'tài khoản cán bộ cho trang quản trị web (/admin)',
  usage: 'officers add|list|remove|passwd|link ...',
  async run(args: string[], config: AppConfig) {
    const o = parse(args);
    // Checked before the store opens and before the password is asked for.
    const username = o.sub === 'list' ? '' : checkUsername(one(o.positionals.slice(0, 1), 'tên đăng nhập'));
    if (o.sub === 'list' && o.positionals.length) throw new CliError('"list" không nhận tham số');
    const provinceCode = o.province !== undefined ? checkProvince(o.province) : undefined;
    const linked = o.link !== undefined ? parseLink(o.link) : o.sub === 'link' && o.positionals[1] ? parseLink(o.positionals[1]) : undefined;
    if (o.sub === 'link' && !linked && !o.none) throw new CliError('cần telegram:<id>, zalo:<id> hoặc --none để bỏ liên kết');
    const password = o.sub === 'add' || o.sub === 'passwd' ? await readPassword() : '';
    const store = await openStore({ dataDir: config.DATA_DIR, mongodbUri: config.MONGODB_URI });
    const now = new Date();
    try {
      switch (o.sub) {
        case 'list':
          process.stdout.write(await list(store));
          break;
        case 'add':
          await addOfficer(store, { username, password, admin: Boolean(o.admin), ...(provinceCode ? { provinceCode } : {}), ...(linked ? { linked } : {}) }, CLI_ACTOR, now);
          process.stderr.write(`Đã tạo tài khoản "${username}". Đăng nhập tại /admin.\n`);
          break;
        case 'passwd':
          await setPassword(store, username, password, CLI_ACTOR, now);
          process.stderr.write(`Đã đổi mật khẩu của "${username}" (các phiên đang mở đã bị đăng xuất).\n`);
          break;
        case 'remove':
          await removeOfficer(store, username, CLI_ACTOR, now);
          process.stderr.write(`Đã xóa tài khoản "${username}".\n`);
          break;
        case 'link':
          await setLink(store, username, linked ?? null, CLI_ACTOR, now);
          process.stderr.write(linked ? `Đã liên kết "${username}" với ${linkText(linked)}.\n` : `Đã bỏ liên kết của "${username}".\n`);
          break;
      }
      return 0;
    } catch (err) {
      if (err instanceof AccountError) throw new CliError(err.message);
      throw err;
    } finally {
      await store.close();
    }
  },
};
