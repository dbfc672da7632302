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

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** yyyy-mm-dd of `at` in `timeZone`, to compare with content dates (which are local days). */
export function localDate(at: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA writes dates as yyyy-mm-dd.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(at);
}

/** Today in the clock's zone. */
export function today(clock: Clock): string {
  return localDate(clock.now(), clock.timeZone);
}
