/**
 * Starlight's search button is named by `aria-label="Search"` while it shows "Search" and the
 * shortcut "Ctrl K": speech users who say what they see do not match its name (WCAG 2.5.3,
 * label in name; axe's `label-content-name-mismatch`). This rewrites the button in the HTML
 * that Starlight's own `Search.astro` renders, so the name is made of the visible parts
 * themselves (`aria-labelledby` on the label and the shortcut): "Search Ctrl K", and
 * "Search ⌘ K" after Starlight's script swaps the key on Apple devices. Spaces between the
 * parts keep the words apart in the name; inside the flex layout they are not rendered.
 *
 * Starlight offers no prop for this, and copying its whole component would fork it, hence
 * an edit of its output that fails the build, naming what it missed, if the markup changes.
 */

export const SEARCH_LABEL_ID = 'site-search-label';
export const SEARCH_SHORTCUT_ID = 'site-search-shortcut';

function replaceOnce(markup: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(markup)) {
    throw new Error(
      `Search button: Starlight's markup has changed (no ${what} found), so its accessible name cannot be ` +
        'fixed: update src/lib/site/search-button.ts for the new Search.astro.',
    );
  }
  return markup.replace(pattern, replacement);
}

/** Returns `html` (the output of Starlight's Search.astro) with the search button named by its visible text. */
export function nameSearchButtonByItsText(html: string): string {
  const button = /<button data-open-modal[^>]*>[\s\S]*?<\/button>/.exec(html);
  if (!button) return replaceOnce(html, /<button data-open-modal/, '', 'search button');
  let markup = button[0];
  markup = replaceOnce(
    markup,
    /^(<button data-open-modal[^>]*?) aria-label="[^"]*"/,
    `$1 aria-labelledby="${SEARCH_LABEL_ID} ${SEARCH_SHORTCUT_ID}"`,
    'aria-label on the button',
  );
  markup = replaceOnce(markup, /<span /, `<span id="${SEARCH_LABEL_ID}" `, 'label <span>');
  markup = replaceOnce(
    markup,
    /<\/span>\s*<kbd /,
    `</span> <kbd id="${SEARCH_SHORTCUT_ID}" `,
    'shortcut <kbd>',
  );
  markup = replaceOnce(markup, /<\/kbd>\s*<kbd/, '</kbd> <kbd', 'second key of the shortcut');
  return html.slice(0, button.index) + markup + html.slice(button.index + button[0].length);
}
