/**
 * The study plan as month grids (Monday first), for the calendar view beside the list: each
 * day of each month the plan touches, with its sessions and the milestones due on it. Pure
 * dates as `YYYY-MM-DD` strings, like the rest of `src/lib/plan/`.
 */
import { addDays, WEEKDAYS, weekdayOf } from './dates.ts';
import type { Milestone, Session, StudyPlan } from './plan.ts';

export interface CalendarDay {
  date: string;
  /** Day of the month, 1..31. */
  day: number;
  /** Inside the plan's start..end dates. */
  inPlan: boolean;
  sessions: Session[];
  milestones: Milestone[];
}

export interface CalendarMonth {
  /** `YYYY-MM`. */
  month: string;
  /** Rows of 7 cells, Monday to Sunday, that hold a day of the plan; `null` pads the days of other months. */
  weeks: (CalendarDay | null)[][];
}

/** Every month from the plan's start to its end, as Monday-first week rows. */
export function calendarMonths(plan: StudyPlan): CalendarMonth[] {
  const sessions = groupBy(plan.sessions, (s) => s.date);
  const milestones = groupBy(plan.milestones, (m) => m.dueDate);
  const months: CalendarMonth[] = [];
  let first = `${plan.startDate.slice(0, 7)}-01`;
  while (first <= plan.endDate) {
    const month = first.slice(0, 7);
    const weeks: (CalendarDay | null)[][] = [];
    let row: (CalendarDay | null)[] = Array.from({ length: WEEKDAYS.indexOf(weekdayOf(first)) }, () => null);
    let date = first;
    while (date.startsWith(month)) {
      row.push({
        date,
        day: Number(date.slice(8)),
        inPlan: date >= plan.startDate && date <= plan.endDate,
        sessions: sessions.get(date) ?? [],
        milestones: milestones.get(date) ?? [],
      });
      if (row.length === 7) {
        weeks.push(row);
        row = [];
      }
      date = addDays(date, 1);
    }
    if (row.length > 0) weeks.push([...row, ...Array.from({ length: 7 - row.length }, () => null)]);
    // Weeks wholly before the start or after the end would be empty rows: leave them out.
    months.push({ month, weeks: weeks.filter((week) => week.some((day) => day?.inPlan)) });
    first = date;
  }
  return months;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
