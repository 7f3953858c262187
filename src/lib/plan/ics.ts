import { addDays } from './dates';
import type { Milestone, StudyPlan } from './plan';
import type { Schedule } from './schedule';

/**
 * A small iCalendar (RFC 5545) writer for the study plan: CRLF line endings, lines
 * folded at 75 octets without splitting a UTF-8 character, TEXT values escaped, floating
 * local times (a session at 19:00 stays at 19:00 wherever the reader's calendar is).
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;
const encoder = new TextEncoder();

/** Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline. */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds one content line (RFC 5545 §3.1): no line longer than 75 octets; each
 * continuation starts with a space, which counts toward its 75.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** `2026-01-05` → `20260105`. */
export function formatDate(date: string): string {
  return date.replace(/-/g, '');
}

/** `2026-01-05`, `19:00` → `20260105T190000` (floating local time). */
export function formatLocalDateTime(date: string, time: string): string {
  return `${formatDate(date)}T${time.replace(':', '')}00`;
}

/** 90 → `PT1H30M`, 120 → `PT2H` (RFC 5545 §3.3.6). */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours ? `${hours}H` : ''}${rest ? `${rest}M` : ''}`;
}

/** A UTC instant → `20260105T080000Z` (for DTSTAMP). */
export function formatUtcDateTime(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

export interface IcsEvent {
  uid: string;
  summary: string;
  description?: string;
  /** Timed event: local date, `HH:MM` start and a length in minutes; all-day event: `allDay` set. */
  date: string;
  start?: string;
  durationMinutes?: number;
  allDay?: boolean;
  /** Weekly recurrence: number of occurrences, DTSTART included. */
  weeklyCount?: number;
  /** RRULE BYDAY code, e.g. `MO`. */
  byDay?: string;
}

export interface CalendarOptions {
  /** PRODID, e.g. `-//ml-path-guide//study-plan//EN`. */
  prodId: string;
  /** Calendar name shown by clients that read X-WR-CALNAME. */
  name?: string;
  /** DTSTAMP for every event: when the file was written. */
  now: Date;
  events: IcsEvent[];
}

/** Writes a complete VCALENDAR, CRLF-terminated. */
export function buildCalendar({ prodId, name, now, events }: CalendarOptions): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  if (name) lines.push(`X-WR-CALNAME:${escapeText(name)}`);
  const stamp = formatUtcDateTime(now);
  for (const event of events) {
    lines.push('BEGIN:VEVENT', `UID:${event.uid}`, `DTSTAMP:${stamp}`);
    if (event.allDay) {
      lines.push(`DTSTART;VALUE=DATE:${formatDate(event.date)}`);
      lines.push(`DTEND;VALUE=DATE:${formatDate(addDays(event.date, 1))}`);
    } else {
      if (!event.start || !event.durationMinutes || event.durationMinutes <= 0)
        throw new TypeError(`Event ${event.uid} needs a start time and a positive length in minutes.`);
      lines.push(`DTSTART:${formatLocalDateTime(event.date, event.start)}`);
      // DURATION rather than DTEND: a session that ends at midnight would need `T240000`,
      // which RFC 5545 forbids, or a next-day DTEND; a length needs neither.
      lines.push(`DURATION:${formatDuration(event.durationMinutes)}`);
    }
    if (event.weeklyCount !== undefined) {
      const byDay = event.byDay ? `;BYDAY=${event.byDay}` : '';
      lines.push(`RRULE:FREQ=WEEKLY${byDay};COUNT=${event.weeklyCount}`);
    }
    lines.push(`SUMMARY:${escapeText(event.summary)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** The words a calendar needs, in the reader's language. */
export interface PlanCalendarTexts {
  calendarName: string;
  /** SUMMARY of a lectures/videos/books session. */
  studySummary: string;
  /** SUMMARY of a programming-assignments session. */
  assignmentsSummary: string;
  /** DESCRIPTION of every session. */
  sessionDescription: string;
  /** SUMMARY of a milestone's all-day event. */
  milestoneSummary: (milestone: Milestone) => string;
}

/**
 * One weekly recurring event per study weekday (COUNT = that weekday's sessions in the
 * 3 months) and one all-day event per milestone.
 */
export function planToIcs(
  plan: StudyPlan,
  schedule: Schedule,
  options: { planId: string; now: Date; texts: PlanCalendarTexts },
): string {
  const { planId, now, texts } = options;
  const events: IcsEvent[] = [];
  for (const row of schedule.days) {
    if (!row.enabled) continue;
    const sessions = plan.sessions.filter((session) => session.day === row.day);
    const first = sessions[0];
    if (!first) continue;
    events.push({
      uid: `${planId}-${row.day.toLowerCase()}@ml-path-guide`,
      summary: row.kind === 'study' ? texts.studySummary : texts.assignmentsSummary,
      description: texts.sessionDescription,
      date: first.date,
      start: row.start,
      durationMinutes: Math.round(row.hours * 60),
      weeklyCount: sessions.length,
      byDay: row.day,
    });
  }
  for (const milestone of plan.milestones) {
    events.push({
      uid: `${planId}-${milestone.id}@ml-path-guide`,
      summary: texts.milestoneSummary(milestone),
      date: milestone.dueDate,
      allDay: true,
    });
  }
  return buildCalendar({ prodId: '-//ml-path-guide//study-plan//EN', name: texts.calendarName, now, events });
}
