/**
 * Officer accounts as the command line and the console's officers page change them: one set of
 * rules for both (who may be created, what a username and a link look like), every change written
 * with its audit entry by the store.
 */
import type { OfficerAccount } from '../store/console-types.js';
import type { ChannelName, UserKey } from '../store/types.js';
import type { Store } from '../store/ports.js';
import { provinceByCode, resolveProvinceName } from '../text/provinces.js';
import { hashPassword, passwordProblem } from './password.js';

export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;

export class AccountError extends Error {
  override readonly name = 'AccountError';
}

export function checkUsername(raw: string): string {
  const username = raw.trim().toLowerCase();
  if (!USERNAME.test(username)) throw new AccountError('tên đăng nhập gồm 3–32 ký tự a-z, 0-9, dấu chấm, gạch ngang hoặc gạch dưới');
  return username;
}

/** A province name (old or new) or code → the 2025 province code. */
export function checkProvince(raw: string): string {
  const p = provinceByCode(raw.trim()) ?? resolveProvinceName(raw);
  if (!p) throw new AccountError(`không nhận ra tỉnh/thành "${raw.slice(0, 60)}"`);
  return p.code;
}

/**
 * `telegram:<id>` or `zalo:<id>`: only channels that sign their updates prove who writes, so a web
 * or terminal user can never be linked as an officer (the same rule as ADMIN_IDS).
 */
export function parseLink(raw: string): UserKey {
  const m = /^(telegram|zalo):([A-Za-z0-9_-]{1,64})$/.exec(raw.trim());
  if (!m) throw new AccountError('liên kết dạng telegram:<id> hoặc zalo:<id>');
  return { channel: m[1] as ChannelName, userId: m[2]! };
}

export const linkText = (k: UserKey | undefined) => (k ? `${k.channel}:${k.userId}` : '');

export interface NewOfficer {
  username: string;
  password: string;
  provinceCode?: string;
  admin: boolean;
  linked?: UserKey;
}

export async function addOfficer(store: Store, input: NewOfficer, actor: string, now: Date): Promise<OfficerAccount> {
  const username = checkUsername(input.username);
  const problem = passwordProblem(input.password);
  if (problem) throw new AccountError(problem);
  if (!input.admin && !input.provinceCode) throw new AccountError('cán bộ tỉnh cần --province (hoặc --admin cho quản trị toàn quốc)');
  const nowIso = now.toISOString();
  const account: OfficerAccount = { username, passwordHash: await hashPassword(input.password), admin: input.admin, createdAt: nowIso, updatedAt: nowIso };
  if (input.provinceCode) account.provinceCode = input.provinceCode;
  if (input.linked) account.linked = input.linked;
  await checkLinkFree(store, input.linked, username);
  const detail = [input.admin ? 'quản trị' : 'cán bộ', input.provinceCode ? provinceByCode(input.provinceCode)?.name : 'toàn quốc', linkText(input.linked)].filter(Boolean).join(' · ');
  const created = await store.console.createAccount(account, { actor, action: 'officer.add', target: username, detail, ...(input.provinceCode ? { provinceCode: input.provinceCode } : {}) });
  if (!created) throw new AccountError(`tên đăng nhập "${username}" đã có`);
  return account;
}

/** One chat user is one officer: a link already held by another account is refused. */
async function checkLinkFree(store: Store, linked: UserKey | undefined, username: string): Promise<void> {
  if (!linked) return;
  const holder = (await store.console.listAccounts()).find((a) => a.username !== username && linkText(a.linked) === linkText(linked));
  if (holder) throw new AccountError(`${linkText(linked)} đã liên kết với tài khoản "${holder.username}"`);
}

export async function setPassword(store: Store, username: string, password: string, actor: string, now: Date): Promise<void> {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(problem);
  const ok = await store.console.updateAccount(username, { passwordHash: await hashPassword(password) }, { actor, action: 'officer.passwd', target: username }, now);
  if (!ok) throw new AccountError(`không có tài khoản "${username}"`);
}

export async function setLink(store: Store, username: string, linked: UserKey | null, actor: string, now: Date): Promise<void> {
  await checkLinkFree(store, linked ?? undefined, username);
  const detail = linked ? linkText(linked) : 'bỏ liên kết';
  const ok = await store.console.updateAccount(username, { linked }, { actor, action: 'officer.link', target: username, detail }, now);
  if (!ok) throw new AccountError(`không có tài khoản "${username}"`);
}

export async function removeOfficer(store: Store, username: string, actor: string, now: Date): Promise<void> {
  const ok = await store.console.removeAccount(username, { actor, action: 'officer.remove', target: username }, now);
  if (!ok) throw new AccountError(`không có tài khoản "${username}"`);
}
