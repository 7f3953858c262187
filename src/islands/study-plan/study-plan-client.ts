/**
 * Wires the study-plan form to the pure plan library: reads the form, keeps the plan in
 * localStorage, renders weeks and milestones, and writes JSON and .ics files.
 * All words come from `data-strings` (the `plan.*` i18n keys).
 */
import { localIsoDate, WEEKDAYS } from '../../lib/plan/dates';
import { planToIcs } from '../../lib/plan/ics';
import { generatePlan, MILESTONE_IDS, type Milestone, type StudyPlan } from '../../lib/plan/plan';
import {
  createAuthorSchedule,
  defaultStartDate,
  type Schedule,
  ScheduleSchema,
} from '../../lib/plan/schedule';
import {
  createPlanDocument,
  PLAN_VERSION,
  type PlanDocument,
  PlanFileError,
  parsePlanDocument,
  readStoredPlan,
  STORAGE_KEY,
  serializePlanDocument,
} from '../../lib/plan/storage';
import { download, find, h } from '../shared/dom';
import { IslandElement } from '../shared/island';
import { pageLang, readStrings } from '../shared/strings';
import { renderCalendar } from './calendar-view';

const JSON_FILE = 'study-plan.json';
const ICS_FILE = 'study-plan.ics';

export function mountStudyPlan(root: HTMLElement): void {
  const lang = pageLang();
  const t = readStrings(root);
  // Milestone id → its chapter's self-check URL, computed by the wrapper with the base path.
  const selfChecks = JSON.parse(root.dataset.selfChecks ?? '{}') as Record<string, string>;

  const form = find<HTMLFormElement>(root, 'form');
  const status = find(root, '[data-status]');
  const error = find(root, '[data-error]');
  const storedError = find(root, '[data-stored-error]');
  const fileInput = find<HTMLInputElement>(root, '[data-import-file]');

  const dateFormat = new Intl.DateTimeFormat(lang, {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  });
  const yearFormat = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', dateStyle: 'medium' });
  const hoursFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const listFormat = new Intl.ListFormat(lang, { style: 'narrow', type: 'conjunction' });
  const showDate = (iso: string, withYear = false) =>
    (withYear ? yearFormat : dateFormat).format(new Date(`${iso}T00:00:00Z`));

  const storage = openStorage();
  let current = initialDocument();
  let plan: StudyPlan = generatePlan(current.schedule);

  function initialDocument(): PlanDocument {
    if (!storage) {
      showError(t('plan.error.storage'));
      return freshDocument();
    }
    const stored = readStoredPlan(storage.getItem(STORAGE_KEY));
    if (stored.status === 'ok') return stored.document;
    const fresh = freshDocument();
    if (stored.status === 'empty') {
      save(fresh);
    } else {
      // Keep the unreadable value until the reader chooses to replace it.
      find(root, '[data-stored-error-text]').textContent = t('plan.error.stored', {
        reason: reasonFor(stored.error),
      });
      storedError.hidden = false;
    }
    return fresh;
  }

  function freshDocument(): PlanDocument {
    const schedule = createAuthorSchedule(defaultStartDate(localIsoDate(new Date())));
    return createPlanDocument(randomId(), schedule);
  }

  function save(document: PlanDocument): void {
    try {
      storage?.setItem(STORAGE_KEY, serializePlanDocument(document, new Date()));
    } catch {
      showError(t('plan.error.storage'));
    }
  }

  function reasonFor(problem: PlanFileError): string {
    switch (problem.problem) {
      case 'not-json':
        return t('plan.reason.notJson');
      case 'not-a-plan':
        return t('plan.reason.notPlan');
      case 'unsupported-version':
        return t('plan.reason.version', { version: problem.field || '?', supported: PLAN_VERSION });
      case 'invalid-field':
        return t('plan.reason.field', { field: problem.field, expected: problem.expected });
    }
  }

  function announce(message: string): void {
    status.textContent = message;
  }

  function showError(message: string): void {
    error.textContent = message;
  }

  // ---- form ⇄ schedule ----

  function field(name: string): HTMLInputElement | HTMLSelectElement {
    const element = form.elements.namedItem(name);
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement)) {
      throw new Error(`study-plan: no form field "${name}"`);
    }
    return element;
  }

  function writeForm(schedule: Schedule): void {
    field('startDate').value = schedule.startDate;
    for (const row of schedule.days) {
      (field(`enabled-${row.day}`) as HTMLInputElement).checked = row.enabled;
      field(`start-${row.day}`).value = row.start;
      field(`hours-${row.day}`).value = String(row.hours);
      field(`kind-${row.day}`).value = row.kind;
    }
  }

  function readForm(): unknown {
    return {
      startDate: field('startDate').value,
      days: WEEKDAYS.map((day) => ({
        day,
        enabled: (field(`enabled-${day}`) as HTMLInputElement).checked,
        start: field(`start-${day}`).value,
        hours: field(`hours-${day}`).value === '' ? Number.NaN : Number(field(`hours-${day}`).value),
        kind: field(`kind-${day}`).value,
      })),
    };
  }

  /** The label a reader sees for a schedule path such as `days.2.hours`. */
  function labelFor(path: PropertyKey[]): string {
    if (path[0] === 'startDate') return t('plan.startDate');
    const day = WEEKDAYS[Number(path[1])];
    const key = String(path[2] ?? '');
    if (day && ['start', 'hours', 'kind'].includes(key))
      return t(`plan.label.${key}`, { day: t(`plan.day.${day}`) });
    return path.join('.');
  }

  function onFormChange(): void {
    const result = ScheduleSchema.safeParse(readForm());
    if (!result.success) {
      const issue = result.error.issues[0];
      const noDays = issue?.path.length === 1 && issue.path[0] === 'days';
      showError(
        noDays
          ? t('plan.error.noDays')
          : t('plan.error.form', { field: labelFor(issue?.path ?? []), expected: issue?.message ?? '' }),
      );
      return;
    }
    showError('');
    current = { ...current, schedule: result.data };
    save(current);
    storedError.hidden = true;
    render();
    announce(t('plan.status.saved'));
  }

  // ---- rendering ----

  function milestoneText(milestone: Milestone, short = false): string {
    const key = `plan.milestone.${short ? 'short.' : ''}${milestone.kind}`;
    return t(key, { week: milestone.courseWeek ?? '' });
  }

  function render(): void {
    plan = generatePlan(current.schedule);
    find(root, '[data-summary]').textContent = t('plan.summary', {
      count: plan.sessionsPerWeek,
      sessions: plan.sessionsPerWeek,
      hours: hoursFormat.format(plan.hoursPerWeek),
      start: showDate(plan.startDate, true),
      end: showDate(plan.endDate, true),
      totalSessions: plan.totalSessions,
      totalHours: hoursFormat.format(plan.totalHours),
    });
    const courseWeek = plan.milestones.find((m) => m.kind === 'course');
    find(root, '[data-pace]').textContent = t('plan.pace', {
      hours: hoursFormat.format(courseWeek?.hours ?? 0),
    });
    renderWeeks();
    renderCalendar(find(root, '[data-calendar]'), plan, {
      t,
      lang,
      milestoneText: (m) => milestoneText(m, true),
    });
    renderMilestones();
  }

  function renderWeeks(): void {
    const body = find(root, '[data-weeks]');
    body.replaceChildren(
      ...plan.weeks.map((week) => {
        const due = plan.milestones.filter((m) => m.week === week.index).map((m) => milestoneText(m, true));
        const cells = [
          `${showDate(week.startDate)} – ${showDate(week.endDate)}`,
          String(week.sessions.length),
          hoursFormat.format(week.hours),
          listFormat.format(due),
        ];
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, String(week.index)),
          ...cells.map((text) => h('td', {}, text)),
        );
      }),
    );
  }

  function renderMilestones(): void {
    const list = find(root, '[data-milestones]');
    const done = new Set(current.done);
    list.replaceChildren(
      ...plan.milestones.map((milestone) => {
        const ticked = done.has(milestone.id);
        const box = h('input', { type: 'checkbox', name: `milestone-${milestone.id}`, value: milestone.id });
        box.checked = ticked;
        const due = t('plan.milestone.due', {
          date: showDate(milestone.dueDate),
          week: milestone.week,
          hours: hoursFormat.format(milestone.hours),
        });
        const text = h(
          'span',
          {},
          h('span', { class: 'study-plan-milestone-text' }, milestoneText(milestone)),
          h('span', { class: 'study-plan-due' }, due),
        );
        const item = h('li', { class: ticked ? 'is-done' : undefined }, h('label', {}, box, text));
        const href = selfChecks[milestone.id];
        if (href) {
          const label = t('plan.milestone.selfCheck', { milestone: milestoneText(milestone, true) });
          item.append(h('a', { class: 'study-plan-self-check', href }, label));
        }
        return item;
      }),
    );
    renderProgress();
  }

  function renderProgress(): void {
    find(root, '[data-progress]').textContent = t('plan.progress', {
      done: current.done.length,
      total: MILESTONE_IDS.length,
    });
  }

  function onMilestoneChange(box: HTMLInputElement): void {
    const done = new Set(current.done);
    if (box.checked) done.add(box.value);
    else done.delete(box.value);
    // Keep the plan's order so exported files stay stable.
    current = { ...current, done: MILESTONE_IDS.filter((id) => done.has(id)) };
    save(current);
    box.closest('li')?.classList.toggle('is-done', box.checked);
    renderProgress();
    const milestone = plan.milestones.find((m) => m.id === box.value);
    const name = milestone ? milestoneText(milestone, true) : box.value;
    announce(t(box.checked ? 'plan.status.ticked' : 'plan.status.unticked', { milestone: name }));
  }

  // ---- files ----

  function exportJson(): void {
    download(JSON_FILE, serializePlanDocument(current, new Date()), 'application/json');
    announce(t('plan.status.exported', { file: JSON_FILE }));
  }

  function exportIcs(): void {
    const ics = planToIcs(plan, current.schedule, {
      planId: current.id,
      now: new Date(),
      texts: {
        calendarName: t('plan.ics.name'),
        studySummary: t('plan.ics.study'),
        assignmentsSummary: t('plan.ics.assignments'),
        sessionDescription: t('plan.ics.description'),
        milestoneSummary: (milestone) => t('plan.ics.milestone', { milestone: milestoneText(milestone) }),
      },
    });
    download(ICS_FILE, ics, 'text/calendar;charset=utf-8');
    const events = plan.sessionsPerWeek + plan.milestones.length;
    announce(t('plan.status.ics', { file: ICS_FILE, events }));
  }

  async function importJson(file: File): Promise<void> {
    let imported: PlanDocument;
    try {
      imported = parsePlanDocument(await file.text());
    } catch (problem) {
      const reason = problem instanceof PlanFileError ? reasonFor(problem) : String(problem);
      showError(t('plan.error.import', { file: file.name, reason }));
      return;
    }
    current = imported;
    writeForm(current.schedule);
    save(current);
    showError('');
    storedError.hidden = true;
    render();
    announce(t('plan.status.imported', { file: file.name }));
  }

  function reset(): void {
    current = freshDocument();
    writeForm(current.schedule);
    save(current);
    showError('');
    storedError.hidden = true;
    render();
    announce(t('plan.status.reset'));
  }

  // ---- events ----

  form.addEventListener('change', onFormChange);
  form.addEventListener('submit', (event) => event.preventDefault());
  find(root, '[data-milestones]').addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement) onMilestoneChange(event.target);
  });
  find(root, '[data-export-json]').addEventListener('click', exportJson);
  find(root, '[data-export-ics]').addEventListener('click', exportIcs);
  find(root, '[data-import-json]').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (file) void importJson(file);
  });
  for (const button of root.querySelectorAll('[data-reset]')) button.addEventListener('click', reset);

  writeForm(current.schedule);
  render();
  root.dataset.ready = 'true';
}

/** localStorage, or null where the browser refuses it (private modes, blocked storage). */
function openStorage(): Storage | null {
  try {
    const probe = `${STORAGE_KEY}:probe`;
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return window.localStorage;
  } catch {
    return null;
  }
}

/** 32 hex digits; getRandomValues works on plain http too, unlike randomUUID. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** `<ml-study-plan>`: see `StudyPlan.astro`. */
export class StudyPlanElement extends IslandElement {
  protected mount(): void {
    mountStudyPlan(this);
  }
}
