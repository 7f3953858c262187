/**
 * A tab list after the WAI-ARIA tabs pattern (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/):
 * one tab in the Tab order (roving `tabindex`), arrow keys, Home and End move between the tabs
 * and select the one they reach. Written here rather than taken from npm: it is a dozen lines
 * over markup the islands already render.
 */

/** The `[role="tab"]` elements of `tablist`, in order. */
function tabsOf(tablist: HTMLElement): HTMLElement[] {
  return [...tablist.querySelectorAll<HTMLElement>('[role="tab"]')];
}

/** Marks `selected` as the chosen tab of `tablist` and makes it the one Tab reaches. */
export function selectTab(tablist: HTMLElement, selected: HTMLElement): void {
  for (const tab of tabsOf(tablist)) {
    const isSelected = tab === selected;
    tab.setAttribute('aria-selected', String(isSelected));
    tab.tabIndex = isSelected ? 0 : -1;
  }
}

/** The index a key moves to from `current` among `count` tabs, or -1 for other keys. */
function nextIndex(key: string, current: number, count: number): number {
  if (key === 'ArrowRight' || key === 'ArrowDown') return (current + 1) % count;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return (current + count - 1) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return -1;
}

/**
 * Calls `activate` with the tab the reader picks in `tablist`, by click or by keyboard.
 * The tabs may be replaced later: both listeners sit on the list itself.
 */
export function bindTabList(tablist: HTMLElement, activate: (tab: HTMLElement) => void): void {
  tablist.addEventListener('click', (event) => {
    const tab = (event.target as Element).closest<HTMLElement>('[role="tab"]');
    if (tab && tablist.contains(tab)) activate(tab);
  });
  tablist.addEventListener('keydown', (event) => {
    const tabs = tabsOf(tablist);
    const current = tabs.indexOf(document.activeElement as HTMLElement);
    if (current < 0) return;
    const next = nextIndex(event.key, current, tabs.length);
    if (next < 0) return;
    event.preventDefault();
    const tab = tabs[next] as HTMLElement;
    tab.focus();
    activate(tab);
  });
}
