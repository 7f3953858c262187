import { describe, expect, it } from 'vitest';
import { calendarMonths } from '../../src/lib/plan/calendar';
import { generatePlan } from '../../src/lib/plan/plan';
import { createAuthorSchedule } from '../../src/lib/plan/schedule';

describe('the study plan as month grids', () => {
  // 2026-01-05 is a Monday; 1 January 2026 a Thursday.
  const plan = generatePlan(createAuthorSchedule('2026-01-05'));
  const months = calendarMonths(plan);

  it('covers every month from the start to the end of the plan, Monday first', () => {
    expect(plan.endDate).toBe('2026-04-04');
    expect(months.map((m) => m.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    // The week of 1–4 January lies wholly before the start: no empty row for it.
    const january = months[0]?.weeks ?? [];
    expect(january[0]?.[0]?.date).toBe('2026-01-05');
    expect(january).toHaveLength(4);
    for (const month of months) for (const week of month.weeks) expect(week).toHaveLength(7);
    // February 2026 starts on a Sunday and has 28 days: 1 + 3 × 7 + 6 days, five rows.
    expect(months[1]?.weeks).toHaveLength(5);
    expect(months[1]?.weeks[0]?.slice(5).map((d) => d?.day ?? null)).toEqual([null, 1]);
    // April: only the week of 30 March – 5 April holds plan days (up to the 4th).
    expect(months[3]?.weeks).toHaveLength(1);
  });

  it('puts each session and milestone on its own date, and nothing outside the plan', () => {
    const days = months.flatMap((m) => m.weeks.flat()).filter((d) => d !== null);
    expect(days.flatMap((d) => d.sessions)).toEqual(plan.sessions);
    expect(days.flatMap((d) => d.milestones).map((m) => m.id)).toEqual(plan.milestones.map((m) => m.id));
    const first = days.find((d) => d.date === plan.sessions[0]?.date);
    expect(first?.sessions[0]?.start).toBe(plan.sessions[0]?.start);
    expect(days.some((d) => d.date === '2026-01-04')).toBe(false);
    expect(days.find((d) => d.date === '2026-04-05')).toMatchObject({ inPlan: false, sessions: [] });
  });
});
