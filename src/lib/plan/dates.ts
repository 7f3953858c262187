/**
 * Calendar dates as `YYYY-MM-DD` strings. A study plan lives in the reader's local
 * calendar, so dates carry no time zone; arithmetic runs on UTC midnights, where no
 * daylight-saving shift can turn a day into 23 or 25 hours.
 */

/** iCalendar's two-letter weekday codes, Monday first (ISO 8601 order). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a `YYYY-MM-DD` date; throws on an impossible date such as 2026-02-30. */
export function toDayNumber(date: string): number {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${date}".`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`"${date}" is not a day in the calendar.`);
  }
  return ms / DAY_MS;
}

export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

export function isValidDate(date: string): boolean {
  try {
    toDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * The same day of the month `months` later, clamped to the month's last day
 * (2026-11-30 + 3 months = 2027-02-28), as calendars and most people count.
 */
export function addMonths(date: string, months: number): string {
  const ms = toDayNumber(date) * DAY_MS;
  const start = new Date(ms);
  const targetMonth = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(start.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(start.getUTCDate(), lastDay);
  return fromDayNumber(Date.UTC(start.getUTCFullYear(), targetMonth, day) / DAY_MS);
}

export function weekdayOf(date: string): Weekday {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const index = (((toDayNumber(date) + 3) % 7) + 7) % 7;
  return WEEKDAYS[index] as Weekday;
}

/** The first date on or after `date` that falls on `weekday`. */
export function nextWeekday(date: string, weekday: Weekday): string {
  const offset = (WEEKDAYS.indexOf(weekday) - WEEKDAYS.indexOf(weekdayOf(date)) + 7) % 7;
  return addDays(date, offset);
}

/** The reader's local date (not UTC) for `now`. */
export function localIsoDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
