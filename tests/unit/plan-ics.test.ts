import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../../src/lib/i18n/strings';
import {
  escapeText,
  foldLine,
  formatDuration,
  type PlanCalendarTexts,
  planToIcs,
} from '../../src/lib/plan/ics';
import { generatePlan, type Milestone } from '../../src/lib/plan/plan';
import { createAuthorSchedule, ScheduleSchema } from '../../src/lib/plan/schedule';

type Dictionary = Record<string, string>;
const dictionaries: Record<'ja' | 'en', Dictionary> = {
  ja: JSON.parse(readFileSync('src/content/i18n/ja.json', 'utf8')),
  en: JSON.parse(readFileSync('src/content/i18n/en.json', 'utf8')),
};

/** The calendar words from the site's own dictionary, as the island builds them. */
function texts(lang: 'ja' | 'en'): PlanCalendarTexts {
  const t = (key: string) => {
    const value = dictionaries[lang][key];
    if (value === undefined) throw new Error(`Missing i18n key ${key} in ${lang}.json`);
    return value;
  };
  return {
    calendarName: t('plan.ics.name'),
    studySummary: t('plan.ics.study'),
    assignmentsSummary: t('plan.ics.assignments'),
    sessionDescription: t('plan.ics.description'),
    milestoneSummary: (m: Milestone) =>
      fillTemplate(t('plan.ics.milestone'), {
        milestone: fillTemplate(t(`plan.milestone.${m.kind}`), { week: m.courseWeek ?? '' }),
      }),
  };
}

const now = new Date('2026-01-04T08:30:00Z');
const schedule = createAuthorSchedule('2026-01-05');
const plan = generatePlan(schedule);

function events(ics: string): InstanceType<typeof ICAL.Event>[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  return calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
}

/** Every occurrence of a recurring event, as `YYYY-MM-DDTHH:MM:SS` local times. */
function occurrences(event: InstanceType<typeof ICAL.Event>): string[] {
  const iterator = event.iterator();
  const found: string[] = [];
  for (let next = iterator.next(); next && found.length < 1000; next = iterator.next())
    found.push(next.toString());
  return found;
}

describe('the .ics calendar of a study plan', () => {
  const ics = planToIcs(plan, schedule, { planId: 'abc12345-plan', now, texts: texts('en') });

  it('uses CRLF line endings only, and no line is longer than 75 octets', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('parses with ical.js into 5 weekly events and 15 milestone days', () => {
    const all = events(ics);
    expect(all).toHaveLength(20);
    expect(all.filter((e) => e.isRecurring())).toHaveLength(5);
    expect(new Set(all.map((e) => e.uid)).size).toBe(20);
    expect(all[0]?.uid).toBe('abc12345-plan-mo@ml-path-guide');
  });

  it('expands the weekly rules to exactly the 64 sessions of the 3 months, in local time', () => {
    const recurring = events(ics).filter((e) => e.isRecurring());
    const expanded = recurring.flatMap(occurrences).sort();
    expect(expanded).toHaveLength(64);
    expect(expanded).toEqual(plan.sessions.map((s) => `${s.date}T${s.start}:00`).sort());
    expect(expanded[0]).toBe('2026-01-05T19:00:00');
    expect(expanded.at(-1)).toBe('2026-04-04T10:00:00');
    const monday = recurring[0];
    expect(monday?.startDate.toString()).toBe('2026-01-05T19:00:00');
    expect(monday?.endDate.toString()).toBe('2026-01-05T21:00:00');
    // Floating time: no TZID, no trailing Z.
    expect(ics).toContain('DTSTART:20260105T190000\r\n');
    expect(ics).toContain('RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=12\r\n');
    expect(ics).toContain('DTSTAMP:20260104T083000Z\r\n');
  });

  it('puts each milestone on its due date as an all-day event', () => {
    const milestones = events(ics).filter((e) => !e.isRecurring());
    expect(milestones.map((e) => e.startDate.toString())).toEqual(plan.milestones.map((m) => m.dueDate));
    expect(milestones.every((e) => e.startDate.isDate)).toBe(true);
    expect(milestones[1]?.summary).toBe(
      'Milestone: Course week 1 of 11: lectures, quizzes and the programming assignment',
    );
  });

  it('writes English summaries whose commas, semicolons and quotes survive escaping', () => {
    const [monday, , , saturday] = events(ics);
    expect(monday?.summary).toBe('ML study: lectures, videos, books');
    expect(saturday?.summary).toBe('ML study: programming assignments');
    expect(monday?.description).toBe(dictionaries.en['plan.ics.description']);
    expect(monday?.description).toMatch(/[;,"]/);
    expect(ics).toContain('SUMMARY:ML study: lectures\\, videos\\, books\r\n');
  });

  it('writes Japanese summaries, folding long lines between characters, never inside one', () => {
    const ja = planToIcs(plan, schedule, { planId: 'abc12345-plan', now, texts: texts('ja') });
    for (const line of ja.split('\r\n'))
      expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(ja).not.toContain('\uFFFD');
    const all = events(ja);
    expect(all[0]?.summary).toBe('機械学習：講義・動画・本');
    expect(all[5]?.summary).toBe(
      'マイルストーン：最低限の数学を思い出す：手で行列の積を計算する、微分と勾配、事前確率と事後確率',
    );
    expect(ja.split('\r\n').some((line) => line.startsWith(' '))).toBe(true);
  });

  it('counts occurrences per weekday for a schedule the reader changed', () => {
    const custom = ScheduleSchema.parse({
      ...createAuthorSchedule('2026-03-03'),
      days: createAuthorSchedule('2026-03-03').days.map((d) => ({
        ...d,
        enabled: d.day === 'TU' || d.day === 'TH',
        start: '06:30',
        hours: 1.5,
      })),
    });
    const customPlan = generatePlan(custom);
    const customIcs = planToIcs(customPlan, custom, { planId: 'abc12345-plan', now, texts: texts('en') });
    const recurring = events(customIcs).filter((e) => e.isRecurring());
    expect(recurring.map((e) => occurrences(e).length)).toEqual([14, 13]);
    expect(recurring[0]?.endDate.toString()).toBe('2026-03-03T08:00:00');
  });
});

describe('a session that ends at midnight', () => {
  it('is written with a DURATION that ical.js reads as ending at 00:00 the next day', () => {
    const late = ScheduleSchema.parse({
      ...createAuthorSchedule('2026-01-05'),
      days: createAuthorSchedule('2026-01-05').days.map((d) => ({
        ...d,
        enabled: d.day === 'MO',
        start: '22:00',
      })),
    });
    const ics = planToIcs(generatePlan(late), late, { planId: 'abc12345-plan', now, texts: texts('en') });
    // RFC 5545 allows hours 00–23 only; `T240000` is rejected by strict clients.
    expect(ics).not.toMatch(/T24\d{4}/);
    expect(ics).toContain('DURATION:PT2H\r\n');
    const [monday] = events(ics).filter((e) => e.isRecurring());
    expect(monday?.startDate.toString()).toBe('2026-01-05T22:00:00');
    expect(monday?.endDate.toString()).toBe('2026-01-06T00:00:00');
  });

  it('writes half-hour lengths as hours and minutes', () => {
    expect(formatDuration(90)).toBe('PT1H30M');
    expect(formatDuration(30)).toBe('PT30M');
  });
});

describe('iCalendar text primitives', () => {
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets with a leading space on each continuation', () => {
    const folded = foldLine(`SUMMARY:${'x'.repeat(200)}`);
    const lines = folded.split('\r\n');
    expect(lines.map((l) => l.length)).toEqual([75, 75, 60]);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`SUMMARY:${'x'.repeat(200)}`);
    // Three-octet characters: 8 + 22 × 3 = 74 fits, a 23rd would make 77.
    expect(foldLine(`SUMMARY:${'あ'.repeat(30)}`).split('\r\n')[0]).toBe(`SUMMARY:${'あ'.repeat(22)}`);
  });
});
