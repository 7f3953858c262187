import type { ChapterSlug } from '../site/chapters';
import { addDays, addMonths, daysBetween, type Weekday, weekdayOf } from './dates';
import { PLAN_MONTHS, type Schedule, type SessionKind } from './schedule';

/** One study session on a calendar day. */
export interface Session {
  date: string;
  day: Weekday;
  /** Local start time `HH:MM`. */
  start: string;
  hours: number;
  kind: SessionKind;
}

/** A 7-day block counted from the plan's start date (the last one may be shorter). */
export interface PlanWeek {
  /** 1-based. */
  index: number;
  startDate: string;
  /** Inclusive. */
  endDate: string;
  sessions: Session[];
  hours: number;
}

/**
 * Andrew Ng's Machine Learning course, the first course the guide recommends, ran for
 * 11 weeks; a course of that shape is what the milestones pace.
 */
export const COURSE_WEEKS = 11;

export type MilestoneKind = 'math' | 'course' | 'assignments' | 'review' | 'field';

export interface MilestoneSpec {
  id: string;
  kind: MilestoneKind;
  /** 1..COURSE_WEEKS for `course` milestones. */
  courseWeek?: number;
  /** Share of the plan's hours this step takes, in plan weeks (the author's 3 months ≈ 13). */
  weeks: number;
  /** The chapter whose self-check tells the reader whether this step is really done. */
  selfCheck: ChapterSlug;
}

/**
 * The steps of the first 3 months, in order. Shares are in weeks of the author's rhythm:
 * a week to refresh the minimum math, one per course week, then half a week to finish
 * open assignments, and a quarter each to review and to choose a field. They add up to
 * 13, the author's 3 months.
 */
export const MILESTONE_SPECS: readonly MilestoneSpec[] = [
  { id: 'math', kind: 'math', weeks: 1, selfCheck: 'minimum-math' },
  ...Array.from({ length: COURSE_WEEKS }, (_, i) => ({
    id: `course-${i + 1}`,
    kind: 'course' as const,
    courseWeek: i + 1,
    weeks: 1,
    selfCheck: 'first-course' as const,
  })),
  { id: 'assignments', kind: 'assignments', weeks: 0.5, selfCheck: 'first-course' },
  // Explaining the loss and backpropagation is the rung of the ladder in `decide`.
  { id: 'review', kind: 'review', weeks: 0.25, selfCheck: 'decide' },
  { id: 'field', kind: 'field', weeks: 0.25, selfCheck: 'first-course' },
];

export const MILESTONE_IDS: readonly string[] = MILESTONE_SPECS.map((spec) => spec.id);

export interface Milestone extends MilestoneSpec {
  /** The date of the session in which the cumulative hours reach `targetHours`. */
  dueDate: string;
  /** Cumulative study hours by the end of this step. */
  targetHours: number;
  /** Hours this step gets on its own. */
  hours: number;
  /** 1-based plan week that contains `dueDate`. */
  week: number;
}

export interface StudyPlan {
  startDate: string;
  /** Last day of the plan (inclusive): the day before start + 3 months. */
  endDate: string;
  days: number;
  sessionsPerWeek: number;
  hoursPerWeek: number;
  weeks: PlanWeek[];
  sessions: Session[];
  totalSessions: number;
  totalHours: number;
  milestones: Milestone[];
}

// Hours are multiples of 0.5, but shares of a total are not: compare with a tolerance.
const EPSILON = 1e-9;

/** Lays a validated weekly schedule over 3 months from its start date. */
export function generatePlan(schedule: Schedule): StudyPlan {
  const { startDate } = schedule;
  const endExclusive = addMonths(startDate, PLAN_MONTHS);
  const days = daysBetween(startDate, endExclusive);
  const byDay = new Map(schedule.days.filter((row) => row.enabled).map((row) => [row.day, row]));
  if (byDay.size === 0) throw new RangeError('A plan needs at least one study day.');

  const sessions: Session[] = [];
  for (let offset = 0; offset < days; offset++) {
    const date = addDays(startDate, offset);
    const row = byDay.get(weekdayOf(date));
    if (row) sessions.push({ date, day: row.day, start: row.start, hours: row.hours, kind: row.kind });
  }

  const weeks: PlanWeek[] = [];
  for (let offset = 0; offset < days; offset += 7) {
    const weekStart = addDays(startDate, offset);
    const weekEnd = addDays(startDate, Math.min(offset + 6, days - 1));
    const inWeek = sessions.filter((s) => s.date >= weekStart && s.date <= weekEnd);
    weeks.push({
      index: weeks.length + 1,
      startDate: weekStart,
      endDate: weekEnd,
      sessions: inWeek,
      hours: sum(inWeek.map((s) => s.hours)),
    });
  }

  const totalHours = sum(sessions.map((s) => s.hours));
  return {
    startDate,
    endDate: addDays(endExclusive, -1),
    days,
    sessionsPerWeek: byDay.size,
    hoursPerWeek: sum([...byDay.values()].map((row) => row.hours)),
    weeks,
    sessions,
    totalSessions: sessions.length,
    totalHours,
    milestones: placeMilestones(sessions, totalHours, startDate),
  };
}

/**
 * Each step gets its share of the plan's hours, and is due on the session in which the
 * running total of hours reaches the end of its share. Fewer hours a week still fit the
 * 3 months; the reader sees how many hours each step then gets.
 */
function placeMilestones(sessions: Session[], totalHours: number, startDate: string): Milestone[] {
  const totalWeeks = sum(MILESTONE_SPECS.map((spec) => spec.weeks));
  let sharesSoFar = 0;
  let previousTarget = 0;
  return MILESTONE_SPECS.map((spec) => {
    sharesSoFar += spec.weeks;
    const targetHours = (totalHours * sharesSoFar) / totalWeeks;
    let cumulative = 0;
    const due = sessions.find((session) => {
      cumulative += session.hours;
      return cumulative >= targetHours - EPSILON;
    });
    // Unreachable: the last target equals the total, which the last session reaches.
    if (!due) throw new Error(`No session reaches ${targetHours} hours for milestone ${spec.id}.`);
    const milestone: Milestone = {
      ...spec,
      dueDate: due.date,
      targetHours,
      hours: targetHours - previousTarget,
      week: Math.floor(daysBetween(startDate, due.date) / 7) + 1,
    };
    previousTarget = targetHours;
    return milestone;
  });
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
