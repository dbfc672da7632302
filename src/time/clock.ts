/**
 * One clock and time zone for the whole service (TIMEZONE): what "now" and "today" are. Injected
 * wherever time decides something (store TTLs, jobs, replies, exports), so a test moves a manual
 * clock instead of sleeping, and every "today" is the same local day.
 */

export interface Clock {
  now(): Date;
  /** IANA zone the service's days are counted in (TIMEZONE). */
  readonly timeZone: string;
}

/** The zone content dates mean when nothing else is configured. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function systemClock(timeZone: string = DEFAULT_TIME_ZONE): Clock {
  return { now: () => new Date(), timeZone };
}

/** A clock that moves only when told: for tests, and for replaying a given moment. */
export interface ManualClock extends Clock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function manualClock(start: Date | string, timeZone: string = DEFAULT_TIME_ZONE): ManualClock {
  let at = new Date(start).getTime();
  return {
    timeZone,
    now: () => new Date(at),
    set: (next) => {
      at = new Date(next).getTime();
    },
    advance: (ms) => {
      at += ms;
    },
  };
}

/** Whether Intl knows the zone (checked at start-up, so a typo fails there rather than mid-turn). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The last answer per zone and the minute it holds for: every turn asks, and Intl formatting is slow. */
const lastDays = new Map<string, { minute: number; day: string }>();

/** yyyy-mm-dd of `at` in `timeZone`, to compare with content dates (which are local days). */
export function localDate(at: Date, timeZone: string): string {
  // Zone offsets are whole minutes and change on a minute, so one minute has one local day.
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastDays.get(timeZone);
  if (last?.minute === minute) return last.day;
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as yyyy-mm-dd.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const day = format.format(at);
  lastDays.set(timeZone, { minute, day });
  return day;
}

/** Today in the clock's zone. */
export function today(clock: Clock): string {
  return localDate(clock.now(), clock.timeZone);
}
