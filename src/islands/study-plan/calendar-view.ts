/**
 * The study plan's calendar view: one table per month (Monday first) from `calendarMonths`,
 * each study day with its start time, hours and kind, and ★ on the days milestones are due.
 * A table for assistive technology: the caption names the month, the column headers the days.
 */
import { calendarMonths } from '../../lib/plan/calendar';
import { WEEKDAYS } from '../../lib/plan/dates';
import type { Milestone, StudyPlan } from '../../lib/plan/plan';
import { h } from '../shared/dom';
import type { Translate } from '../shared/strings';

/** 2026-01-05 was a Monday: the 7 days from it name the columns in the page's language. */
const A_MONDAY = Date.UTC(2026, 0, 5);

export function renderCalendar(
  container: HTMLElement,
  plan: StudyPlan,
  { t, lang, milestoneText }: { t: Translate; lang: string; milestoneText: (m: Milestone) => string },
): void {
  const monthFormat = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'long' });
  const dayFormat = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', weekday: 'short' });
  const hoursFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const head = h(
    'tr',
    {},
    ...WEEKDAYS.map((day, i) =>
      h(
        'th',
        { scope: 'col' },
        h('abbr', { title: t(`plan.day.${day}`) }, dayFormat.format(A_MONDAY + i * 86_400_000)),
      ),
    ),
  );
  container.replaceChildren(
    ...calendarMonths(plan).map((month) =>
      h(
        'table',
        { class: 'study-plan-month', 'data-month': month.month },
        h('caption', {}, monthFormat.format(new Date(`${month.month}-01T00:00:00Z`))),
        h('thead', {}, head.cloneNode(true)),
        h(
          'tbody',
          {},
          ...month.weeks.map((week) =>
            h(
              'tr',
              {},
              ...week.map((day) => {
                if (!day) return h('td', { class: 'is-empty' });
                const classes = [
                  day.inPlan ? 'is-in-plan' : 'is-outside',
                  day.sessions.length > 0 ? 'has-session' : '',
                  day.milestones.length > 0 ? 'has-milestone' : '',
                ].filter(Boolean);
                return h(
                  'td',
                  { class: classes.join(' '), 'data-date': day.date },
                  h('span', { class: 'study-plan-day-number' }, String(day.day)),
                  ...day.sessions.map((s) =>
                    h(
                      'span',
                      { class: 'study-plan-session' },
                      t('plan.calendar.session', {
                        start: s.start,
                        hours: hoursFormat.format(s.hours),
                        kind: t(`plan.kind.${s.kind}`),
                      }),
                    ),
                  ),
                  ...day.milestones.map((m) =>
                    h(
                      'span',
                      { class: 'study-plan-due-marker' },
                      t('plan.calendar.milestone', { milestone: milestoneText(m) }),
                    ),
                  ),
                );
              }),
            ),
          ),
        ),
      ),
    ),
  );
}
