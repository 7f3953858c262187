import { describe, expect, it } from 'vitest';
import { createAuthorSchedule } from '../../src/lib/plan/schedule';
import {
  createPlanDocument,
  PLAN_FORMAT,
  type PlanDocument,
  PlanFileError,
  parsePlanDocument,
  readStoredPlan,
  serializePlanDocument,
} from '../../src/lib/plan/storage';

const now = new Date('2026-01-04T12:00:00Z');
const schedule = createAuthorSchedule('2026-01-05');
const document = createPlanDocument('3f2a9c1e-plan', schedule, ['math', 'course-1']);

/** The error `parsePlanDocument` throws for `text`. */
function rejection(text: string): PlanFileError {
  try {
    parsePlanDocument(text);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanFileError);
    return error as PlanFileError;
  }
  throw new Error('expected the file to be rejected');
}

/** The exported document as JSON with one change applied. */
function edited(change: (value: PlanDocument) => unknown): string {
  const value = JSON.parse(serializePlanDocument(document, now)) as PlanDocument;
  return JSON.stringify(change(value));
}

describe('exporting and importing a plan as JSON', () => {
  it('round-trips the schedule, the ticked milestones and the id', () => {
    const text = serializePlanDocument(document, now);
    expect(text.endsWith('}\n')).toBe(true);
    const back = parsePlanDocument(text);
    expect(back).toEqual({ ...document, savedAt: '2026-01-04T12:00:00.000Z' });
    expect(back.done).toEqual(['math', 'course-1']);
    expect(back.schedule.days.filter((d) => d.enabled).map((d) => d.day)).toEqual([
      'MO',
      'WE',
      'FR',
      'SA',
      'SU',
    ]);
  });

  it('rejects text that is not JSON', () => {
    const error = rejection('{"format": "ml-path-guide/study-plan",');
    expect(error.problem).toBe('not-json');
    expect(error.message).toMatch(/not JSON/);
  });

  it('rejects JSON that is not one of our plans, saying which format it expects', () => {
    for (const text of ['[]', '"plan"', '{}', JSON.stringify({ format: 'other-app', version: 1 })]) {
      const error = rejection(text);
      expect(error.problem).toBe('not-a-plan');
      expect(error.message).toContain(PLAN_FORMAT);
    }
  });

  it('rejects a plan from another format version, naming the version', () => {
    const error = rejection(edited((value) => ({ ...value, version: 2 })));
    expect(error.problem).toBe('unsupported-version');
    expect(error.field).toBe('2');
    expect(error.message).toBe('This plan was saved in format version 2; this page reads version 1.');
    expect(rejection(edited(({ version: _, ...rest }) => rest)).problem).toBe('unsupported-version');
  });

  it('names the bad field and what it should be', () => {
    const cases: Array<[change: (value: PlanDocument) => unknown, field: string, expected: unknown]> = [
      [
        (v) => ({ ...v, schedule: { ...v.schedule, startDate: '2026-13-01' } }),
        'schedule.startDate',
        'YYYY-MM-DD',
      ],
      [
        (v) => ({
          ...v,
          schedule: {
            ...v.schedule,
            days: v.schedule.days.map((d, i) => (i === 3 ? { ...d, hours: 30 } : d)),
          },
        }),
        'schedule.days.3.hours',
        '0.5–12',
      ],
      [
        (v) => ({
          ...v,
          schedule: {
            ...v.schedule,
            days: v.schedule.days.map((d, i) => (i === 5 ? { ...d, kind: 'gaming' } : d)),
          },
        }),
        'schedule.days.5.kind',
        'study / assignments',
      ],
      [
        (v) => ({ ...v, schedule: { ...v.schedule, days: v.schedule.days.slice(0, 5) } }),
        'schedule.days',
        '7 × day',
      ],
      [(v) => ({ ...v, done: ['math', 'course-12'] }), 'done.1', expect.stringContaining('course-11')],
      [(v) => ({ ...v, done: ['math', 'math'] }), 'done', 'no duplicates'],
      [(v) => ({ ...v, id: 'x' }), 'id', '[A-Za-z0-9-]{8,64}'],
    ];
    for (const [change, field, expected] of cases) {
      const error = rejection(edited(change));
      expect(error.problem).toBe('invalid-field');
      expect({ field: error.field, expected: error.expected }).toEqual({ field, expected });
      expect(error.message).toContain(field);
    }
  });
});

describe('reading the plan kept in localStorage', () => {
  it('reports nothing saved, a saved plan, or a value it cannot read, without throwing', () => {
    expect(readStoredPlan(null)).toEqual({ status: 'empty' });
    expect(readStoredPlan(serializePlanDocument(document, now))).toMatchObject({
      status: 'ok',
      document: { id: '3f2a9c1e-plan' },
    });
    const corrupt = readStoredPlan('{"format":"ml-path-guide/study-plan","vers');
    expect(corrupt.status).toBe('invalid');
    if (corrupt.status === 'invalid') expect(corrupt.error.problem).toBe('not-json');
    const old = readStoredPlan(JSON.stringify({ format: PLAN_FORMAT, version: 0, days: [1, 3, 5] }));
    expect(old.status === 'invalid' && old.error.problem).toBe('unsupported-version');
  });
});
