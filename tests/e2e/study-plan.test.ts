import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowserSession } from './browser';

const rootUrl = inject('rootUrl');
const baseUrl = inject('baseUrl');
const session = useBrowserSession({ assertSameOrigin: true });

/** Opens the chapter and waits until the island has drawn its plan. */
async function openPlan(url: string): Promise<Page> {
  const recorded = await session.newPage({ acceptDownloads: true });
  await recorded.page.goto(url);
  await recorded.page.locator('ml-study-plan[data-ready]').waitFor();
  return recorded.page;
}

const summary = (page: Page) => page.locator('ml-study-plan [data-summary]').textContent();
const stored = (page: Page) => page.evaluate(() => localStorage.getItem('ml-path-guide:study-plan'));

describe('the study plan in chapter 2', () => {
  it("starts from the author's week and keeps ticked milestones and changed days across a reload", async () => {
    const page = await openPlan(`${rootUrl}en/guide/study-rhythm/`);
    expect(await summary(page)).toContain('5 sessions and 10 hours a week');
    expect(await page.locator('ml-study-plan [data-milestones] li').count()).toBe(15);

    // Keyboard only: Tab from the Saturday row's last field reaches Sunday; Space toggles.
    await page.getByRole('checkbox', { name: /Refresh the minimum math/ }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Saturday: what you do').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('enabled-SU');
    await page.keyboard.press('Space');
    await page.getByLabel('Monday: hours').fill('3');
    await page.getByLabel('Monday: hours').press('Tab');
    await expect.poll(() => summary(page)).toContain('4 sessions and 9 hours a week');
    expect(await page.getByRole('status').textContent()).toBe('Plan saved in this browser.');

    await page.reload();
    await page.locator('ml-study-plan[data-ready]').waitFor();
    expect(await summary(page)).toContain('4 sessions and 9 hours a week');
    expect(await page.getByRole('checkbox', { name: 'Sunday', exact: true }).isChecked()).toBe(false);
    expect(await page.getByLabel('Monday: hours').inputValue()).toBe('3');
    expect(await page.getByRole('checkbox', { name: /Refresh the minimum math/ }).isChecked()).toBe(true);
    expect(await page.locator('ml-study-plan [data-progress]').textContent()).toBe(
      '1 of 15 milestones done.',
    );
  });

  it('counts one session a week in the singular', async () => {
    const page = await openPlan(`${rootUrl}en/guide/study-rhythm/`);
    const days = page.locator('ml-study-plan input[name^="enabled-"]:checked');
    while ((await days.count()) > 1) await days.first().uncheck();
    await expect.poll(() => summary(page)).toMatch(/^1 session and /);
  });

  it('downloads an .ics calendar whose weekly events expand to the sessions of the plan', async () => {
    const page = await openPlan(`${rootUrl}en/guide/study-rhythm/`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download calendar (.ics)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('study-plan.ics');
    const ics = await readFile(await download.path(), 'utf8');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    const weekly = events.filter((event) => event.isRecurring());
    expect(weekly.map((event) => event.summary)).toEqual([
      'ML study: lectures, videos, books',
      'ML study: lectures, videos, books',
      'ML study: lectures, videos, books',
      'ML study: programming assignments',
      'ML study: programming assignments',
    ]);
    let sessions = 0;
    for (const event of weekly) {
      const iterator = event.iterator();
      while (iterator.next() && sessions < 1000) sessions++;
    }
    const total = /(\d+) sessions, (\d+) hours in all/.exec((await summary(page)) ?? '');
    expect(sessions).toBe(Number(total?.[1]));
    expect(events.length - weekly.length).toBe(15);
    expect(await page.getByRole('status').textContent()).toBe('Calendar saved as study-plan.ics: 20 events.');
  });

  it('refuses a bad JSON file with an error naming the problem, and keeps the current plan', async () => {
    const page = await openPlan(`${rootUrl}en/guide/study-rhythm/`);
    await page.getByRole('checkbox', { name: 'Tuesday', exact: true }).check();
    await expect.poll(() => summary(page)).toContain('6 sessions and 12 hours a week');
    const before = await stored(page);

    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: 'Import plan (JSON)' }).click(),
    ]);
    const plan = JSON.parse(before ?? '{}');
    plan.schedule.days[2].hours = 30;
    await chooser.setFiles({
      name: 'edited.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(plan)),
    });
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(
        'edited.json was not imported: schedule.days.2.hours must be 0.5–12. Your current plan is unchanged.',
      );

    await page.locator('ml-study-plan [data-import-file]').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "ml-path-guide/study-plan", '),
    });
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('notes.json was not imported: it is not a JSON file.');

    expect(await summary(page)).toContain('6 sessions and 12 hours a week');
    expect(await page.getByRole('checkbox', { name: 'Tuesday', exact: true }).isChecked()).toBe(true);
    expect(await stored(page)).toBe(before);
  });

  it('works in Japanese under a base path, and offers a reset when the saved plan is unreadable', async () => {
    const page = await openPlan(`${baseUrl}ja/guide/study-rhythm/`);
    expect(await summary(page)).toContain('1週間に5回、10時間です。');
    expect(await page.getByRole('group', { name: '勉強する曜日' }).isVisible()).toBe(true);

    await page.evaluate(() =>
      localStorage.setItem('ml-path-guide:study-plan', '{"format":"ml-path-guide/study-plan","version":0}'),
    );
    await page.reload();
    await page.locator('ml-study-plan[data-ready]').waitFor();
    const warning = page.locator('ml-study-plan [data-stored-error]');
    expect(await warning.textContent()).toContain('形式のバージョン0で保存されていますが');
    expect(await summary(page)).toContain('1週間に5回、10時間です。');
    await warning.getByRole('button').click();
    expect(await warning.isHidden()).toBe(true);
    expect(JSON.parse((await stored(page)) ?? '{}').version).toBe(1);
  });
});
