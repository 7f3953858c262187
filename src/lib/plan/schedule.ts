import { z } from '../schema.ts';
import { isValidDate, nextWeekday, WEEKDAYS, type Weekday } from './dates';

/**
 * A weekly study schedule: which weekdays, when, for how long, and what kind of work.
 * Error messages say what a valid value looks like in notation that reads the same in
 * Japanese and English (`YYYY-MM-DD`, `0.5–12`), so the island can quote them in either.
 */

/** How long a plan runs: the author kept his rhythm for 3 months before the first step was done. */
export const PLAN_MONTHS = 3;
export const MIN_SESSION_HOURS = 0.5;
export const MAX_SESSION_HOURS = 12;

/** `study`: lectures, videos, books. `assignments`: the course's programming assignments. */
export const SESSION_KINDS = ['study', 'assignments'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const WeekdaySchema = z.enum(WEEKDAYS, { error: WEEKDAYS.join(' / ') });

export const IsoDateSchema = z.string({ error: 'YYYY-MM-DD' }).refine(isValidDate, { error: 'YYYY-MM-DD' });

export const DayScheduleSchema = z
  .object({
    /** Which weekday this row describes. */
    day: WeekdaySchema,
    /** Whether the reader studies on this weekday. */
    enabled: z.boolean({ error: 'true / false' }),
    /** Session length in hours, in half-hour steps. Default 2 (the author's evenings). */
    hours: z
      .number({ error: `${MIN_SESSION_HOURS}–${MAX_SESSION_HOURS}` })
      .min(MIN_SESSION_HOURS, { error: `${MIN_SESSION_HOURS}–${MAX_SESSION_HOURS}` })
      .max(MAX_SESSION_HOURS, { error: `${MIN_SESSION_HOURS}–${MAX_SESSION_HOURS}` })
      .multipleOf(0.5, { error: '0.5, 1, 1.5, …' }),
    /** Local start time `HH:MM`, no time zone: the session moves with the reader. */
    start: z.string({ error: 'HH:MM' }).regex(TIME, { error: 'HH:MM' }),
    /** What the session is for. */
    kind: z.enum(SESSION_KINDS, { error: SESSION_KINDS.join(' / ') }),
  })
  // Zod runs this even when `start` failed its own check: leave that one to report.
  .refine((day) => !TIME.test(day.start) || minutesOf(day.start) + day.hours * 60 <= 24 * 60, {
    error: 'start + hours ≤ 24:00',
    path: ['hours'],
  });
export type DaySchedule = z.infer<typeof DayScheduleSchema>;

export const ScheduleSchema = z
  .object({
    /** First day of the plan. */
    startDate: IsoDateSchema,
    /** One row per weekday, Monday first. */
    days: z.array(DayScheduleSchema, { error: '7 × day' }).length(7, { error: '7 × day' }),
  })
  .superRefine((schedule, context) => {
    schedule.days.forEach((row, index) => {
      if (row.day !== WEEKDAYS[index]) {
        context.addIssue({
          code: 'custom',
          message: WEEKDAYS[index] as string,
          path: ['days', index, 'day'],
        });
      }
    });
    if (!schedule.days.some((row) => row.enabled)) {
      context.addIssue({ code: 'custom', message: 'enabled: true (≥ 1)', path: ['days'] });
    }
  });
export type Schedule = z.infer<typeof ScheduleSchema>;

export function minutesOf(time: string): number {
  const match = TIME.exec(time);
  if (!match) throw new RangeError(`Expected a time as HH:MM, got "${time}".`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * The author's week: Monday, Wednesday and Friday evenings, 2 hours of lectures, videos
 * and books; Saturday and Sunday about 2 hours each on the programming assignments.
 * The evening and weekend start times are our guess; the article gives only the hours.
 */
export function createAuthorSchedule(startDate: string): Schedule {
  const row = (day: Weekday): DaySchedule => {
    const weekend = day === 'SA' || day === 'SU';
    return {
      day,
      enabled: ['MO', 'WE', 'FR', 'SA', 'SU'].includes(day),
      hours: 2,
      start: weekend ? '10:00' : '19:00',
      kind: weekend ? 'assignments' : 'study',
    };
  };
  return { startDate, days: WEEKDAYS.map(row) };
}

/** The default start: the next Monday on or after `today`, so week 1 is a whole week. */
export function defaultStartDate(today: string): string {
  return nextWeekday(today, 'MO');
}
