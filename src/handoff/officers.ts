/**
 * Who handles a ticket: the officers of the user's province (stored officers whose provinces
 * include it, or who look after all), and everyone in ADMIN_IDS, who look after every province.
 * A ticket without a province goes to the officers who look after all provinces.
 */
import type { AppConfig } from '../config.js';
import { canActAsOfficer } from '../conversation/officer-channels.js';
import type { Store } from '../store/ports.js';
import type { ChannelName, UserKey } from '../store/types.js';
import type { Ticket } from './ports.js';

/** What an officer may see: every province, or the listed ones. */
export type OfficerScope = { all: true } | { all: false; provinceCodes: string[] };

const adminKeys = (config: AppConfig): UserKey[] =>
  config.ADMIN_IDS.map((id) => {
    const i = id.indexOf(':');
    return { channel: id.slice(0, i) as ChannelName, userId: id.slice(i + 1) };
  });

/** The officer's scope, or undefined when the user is no officer. */
export async function officerScope(store: Pick<Store, 'getOfficer'>, config: AppConfig, user: UserKey): Promise<OfficerScope | undefined> {
  if (!canActAsOfficer(user.channel)) return undefined;
  if (config.ADMIN_IDS.includes(`${user.channel}:${user.userId}`)) return { all: true };
  const record = await store.getOfficer(user);
  if (!record) return undefined;
  return record.provinceCodes.length === 0 ? { all: true } : { all: false, provinceCodes: record.provinceCodes };
}

/** The provinces an officer looks after; undefined for all of them (ADMIN_IDS, a record without provinces). */
export async function officerProvinces(store: Pick<Store, 'getOfficer'>, config: AppConfig, user: UserKey): Promise<string[] | undefined> {
  const scope = await officerScope(store, config, user);
  return scope && !scope.all ? scope.provinceCodes : undefined;
}

export function canSee(scope: OfficerScope, ticket: Pick<Ticket, 'provinceCode'>): boolean {
  return scope.all || (ticket.provinceCode !== undefined && scope.provinceCodes.includes(ticket.provinceCode));
}

export async function ticketOfficers(store: Pick<Store, 'listOfficers'>, config: AppConfig, provinceCode: string | undefined): Promise<UserKey[]> {
  const out = new Map<string, UserKey>();
  for (const k of adminKeys(config)) out.set(`${k.channel}:${k.userId}`, k);
  for (const o of await store.listOfficers()) {
    // The user's messages never go to an unauthenticated web "officer".
    if (!canActAsOfficer(o.channel)) continue;
    if (o.provinceCodes.length === 0 || (provinceCode !== undefined && o.provinceCodes.includes(provinceCode))) {
      out.set(`${o.channel}:${o.userId}`, { channel: o.channel, userId: o.userId });
    }
  }
  return [...out.values()];
}
