import { describe, expect, it } from 'vitest';
import { addMonths, weekdayOf } from '../../src/lib/plan/dates';
import { COURSE_WEEKS, generatePlan, MILESTONE_IDS } from '../../src/lib/plan/plan';
import {
  createAuthorSchedule,
  defaultStartDate,
  type Schedule,
  ScheduleSchema,
} from '../../src/lib/plan/schedule';

/** A schedule with only the given days enabled, each `[day, hours]`. */
function only(startDate: string, days: Array<[string, number]>): Schedule {
  const schedule = createAuthorSchedule(startDate);
  return ScheduleSchema.parse({
    startDate,
    days: schedule.days.map((row) => {
      const chosen = days.find(([day]) => day === row.day);
      return { ...row, enabled: Boolean(chosen), hours: chosen ? chosen[1] : row.hours };
    }),
  });
}

function dueDates(schedule: Schedule): Record<string, string> {
  return Object.fromEntries(generatePlan(schedule).milestones.map((m) => [m.id, m.dueDate]));
}

describe('calendar arithmetic', () => {
  it('adds months the way calendars do, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-01-05', 3)).toBe('2026-04-05');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2023-11-30', 3)).toBe('2024-02-29');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
  });

  it('names weekdays with iCalendar codes', () => {
    expect(weekdayOf('2026-01-05')).toBe('MO');
    expect(weekdayOf('2026-02-18')).toBe('WE');
    expect(weekdayOf('2027-02-28')).toBe('SU');
  });

  it('starts by default on the next Monday, or today when today is one', () => {
    expect(defaultStartDate('2026-11-28')).toBe('2026-11-30');
    expect(defaultStartDate('2026-11-30')).toBe('2026-11-30');
  });
});

describe("the author's week over 3 months from Monday 2026-01-05", () => {
  const plan = generatePlan(createAuthorSchedule('2026-01-05'));

  it('has 5 sessions and 10 hours a week', () => {
    expect(plan.sessionsPerWeek).toBe(5);
    expect(plan.hoursPerWeek).toBe(10);
  });

  it('runs 90 days, to 2026-04-04, in 13 weeks of which the last has 6 days', () => {
    expect(plan.days).toBe(90);
    expect(plan.endDate).toBe('2026-04-04');
    expect(plan.weeks).toHaveLength(13);
    expect(plan.weeks[12]).toMatchObject({ startDate: '2026-03-30', endDate: '2026-04-04' });
  });

  it('counts 64 sessions and 128 hours: 13 Mon/Wed/Fri/Sat and 12 Sundays', () => {
    const perDay = (day: string) => plan.sessions.filter((s) => s.day === day).length;
    expect([perDay('MO'), perDay('WE'), perDay('FR'), perDay('SA'), perDay('SU')]).toEqual([
      13, 13, 13, 13, 12,
    ]);
    expect(plan.totalSessions).toBe(64);
    expect(plan.totalHours).toBe(128);
    expect(plan.weeks.map((w) => w.hours)).toEqual([...Array(12).fill(10), 8]);
  });

  it('gives lectures to the weeknights and assignments to the weekend', () => {
    const kinds = new Set(plan.sessions.map((s) => `${s.day} ${s.start} ${s.kind}`));
    expect([...kinds].sort()).toEqual([
      'FR 19:00 study',
      'MO 19:00 study',
      'SA 10:00 assignments',
      'SU 10:00 assignments',
      'WE 19:00 study',
    ]);
  });

  it('puts the math refresh and each course week on the Sunday that ends its plan week', () => {
    const due = dueDates(createAuthorSchedule('2026-01-05'));
    expect(due.math).toBe('2026-01-11');
    expect(due['course-1']).toBe('2026-01-18');
    expect(due['course-6']).toBe('2026-02-22');
    expect(due['course-11']).toBe('2026-03-29');
    // The last, shorter week: assignments by Wednesday, review by Friday, field on the last day.
    expect([due.assignments, due.review, due.field]).toEqual(['2026-04-01', '2026-04-03', '2026-04-04']);
  });

  it('lists the 15 milestones in order, with the course week numbers 1 to 11', () => {
    expect(plan.milestones.map((m) => m.id)).toEqual(MILESTONE_IDS);
    expect(plan.milestones.filter((m) => m.kind === 'course').map((m) => m.courseWeek)).toEqual(
      Array.from({ length: COURSE_WEEKS }, (_, i) => i + 1),
    );
    expect(plan.milestones.map((m) => m.week)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13, 13]);
  });

  it('gives each course week 128/13 hours and ends the last milestone on the total', () => {
    const course = plan.milestones.find((m) => m.id === 'course-4');
    expect(course?.hours).toBeCloseTo(128 / 13, 9);
    expect(plan.milestones.at(-1)?.targetHours).toBe(128);
  });
});

describe('other schedules, computed by hand', () => {
  it('Saturdays only, 3 hours, from Wednesday 2026-02-18: 13 sessions, one milestone per Saturday', () => {
    const schedule = only('2026-02-18', [['SA', 3]]);
    const plan = generatePlan(schedule);
    expect(plan.endDate).toBe('2026-05-17');
    expect(plan.days).toBe(89);
    expect(plan.weeks).toHaveLength(13);
    expect(plan.totalSessions).toBe(13);
    expect(plan.totalHours).toBe(39);
    expect(plan.hoursPerWeek).toBe(3);
    const due = dueDates(schedule);
    expect(due.math).toBe('2026-02-21');
    expect(due['course-1']).toBe('2026-02-28');
    expect(due['course-11']).toBe('2026-05-09');
    expect([due.assignments, due.review, due.field]).toEqual(['2026-05-16', '2026-05-16', '2026-05-16']);
  });

  it('Tuesday 1.5 h and Thursday 0.5 h from 2026-03-03: 27 sessions, 27.5 hours, 14 weeks', () => {
    const schedule = only('2026-03-03', [
      ['TU', 1.5],
      ['TH', 0.5],
    ]);
    const plan = generatePlan(schedule);
    expect(plan.endDate).toBe('2026-06-02');
    expect(plan.days).toBe(92);
    expect(plan.weeks).toHaveLength(14);
    expect(plan.weeks.at(-1)).toMatchObject({ startDate: '2026-06-02', endDate: '2026-06-02', hours: 1.5 });
    expect(plan.totalSessions).toBe(27);
    expect(plan.totalHours).toBe(27.5);
    expect(plan.hoursPerWeek).toBe(2);
    // 27.5 / 13 ≈ 2.12 hours: Tue 1.5 + Thu 0.5 = 2.0 falls short, so the math is due the next Tuesday.
    const due = dueDates(schedule);
    expect(due.math).toBe('2026-03-10');
    expect(due.field).toBe('2026-06-02');
    expect(generatePlan(schedule).milestones[0]?.week).toBe(2);
  });

  it('keeps 3 calendar months when the start is a month end: 2026-11-30 to 2027-02-27', () => {
    const plan = generatePlan(createAuthorSchedule('2026-11-30'));
    expect(plan.endDate).toBe('2027-02-27');
    expect(plan.days).toBe(90);
  });
});

describe('schedule validation', () => {
  const base = createAuthorSchedule('2026-01-05');
  const withDay = (index: number, change: object) => ({
    ...base,
    days: base.days.map((row, i) => (i === index ? { ...row, ...change } : row)),
  });
  const firstIssue = (value: unknown) => {
    const result = ScheduleSchema.safeParse(value);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    return { path: issue?.path.join('.'), message: issue?.message };
  };

  it('accepts the default schedule', () => {
    expect(ScheduleSchema.parse(base)).toEqual(base);
  });

  it('rejects a week with no study day', () => {
    expect(firstIssue({ ...base, days: base.days.map((row) => ({ ...row, enabled: false })) })).toEqual({
      path: 'days',
      message: 'enabled: true (≥ 1)',
    });
    expect(() =>
      generatePlan({ ...base, days: base.days.map((row) => ({ ...row, enabled: false })) }),
    ).toThrow(/at least one study day/);
  });

  it('rejects hours outside 0.5–12 or off the half-hour grid, naming the field', () => {
    expect(firstIssue(withDay(2, { hours: 13 }))).toEqual({ path: 'days.2.hours', message: '0.5–12' });
    expect(firstIssue(withDay(2, { hours: 0 }))).toEqual({ path: 'days.2.hours', message: '0.5–12' });
    expect(firstIssue(withDay(2, { hours: 1.25 }))).toEqual({
      path: 'days.2.hours',
      message: '0.5, 1, 1.5, …',
    });
  });

  it('rejects a session that runs past midnight and an impossible start date', () => {
    expect(firstIssue(withDay(0, { start: '23:00', hours: 2 }))).toEqual({
      path: 'days.0.hours',
      message: 'start + hours ≤ 24:00',
    });
    expect(firstIssue({ ...base, startDate: '2026-02-30' })).toEqual({
      path: 'startDate',
      message: 'YYYY-MM-DD',
    });
    expect(firstIssue(withDay(0, { start: '7pm' }))).toEqual({ path: 'days.0.start', message: 'HH:MM' });
  });
});
