/**
 * What an officer may see and change. A province officer reads their province's items and national
 * ones (no province), and changes only their province's; an admin reads and changes everything.
 * Every console route asks here, so the rule lives in one place.
 */
import type { FastifyRequest } from 'fastify';
import type { OfficerAccount } from '../store/console-types.js';
import { provinceByCode } from '../text/provinces.js';

export type Officer = Pick<OfficerAccount, 'username' | 'admin' | 'provinceCode'>;

/** The signed-in officer of a console request (every page but the sign-in is behind the check). */
export const officerOf = (req: FastifyRequest): Officer => req.officer!.account;

/** An officer with no province and no admin right sees nothing but national items: fail closed. */
export function canRead(o: Officer, provinceCode: string | undefined): boolean {
  return o.admin || provinceCode === undefined || provinceCode === o.provinceCode;
}

export function canWrite(o: Officer, provinceCode: string | undefined): boolean {
  return o.admin || (provinceCode !== undefined && provinceCode === o.provinceCode);
}

/** The provinces whose enrolments, announcements and subscribers the officer handles; undefined: all. */
export function area(o: Officer): string[] | undefined {
  if (o.admin) return undefined;
  return o.provinceCode ? [o.provinceCode] : [];
}

export const provinceName = (code: string | undefined) => (code ? (provinceByCode(code)?.name ?? code) : 'Toàn quốc');
