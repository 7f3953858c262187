import { describe, expect, it } from 'vitest';
import { nameSearchButtonByItsText } from '../../src/lib/site/search-button';

/** What Starlight 0.42's Search.astro renders (trimmed: icon, dialog and scripts). */
const STARLIGHT =
  '<site-search class="x"><button data-open-modal disabled aria-label="Search" aria-keyshortcuts="Control+K" class="astro-b5">' +
  '<svg aria-hidden="true"></svg><span class="sl-hidden md:sl-block astro-b5" aria-hidden="true">Search</span>' +
  '<kbd class="sl-hidden md:sl-flex astro-b5" style="display: none;"><kbd class="astro-b5">Ctrl</kbd><kbd class="astro-b5">K</kbd></kbd>' +
  '</button><dialog aria-label="Search"><button data-close-modal>Cancel</button></dialog></site-search>';

describe('the search button’s accessible name', () => {
  it('is made of its visible label and shortcut, kept apart by spaces', () => {
    const html = nameSearchButtonByItsText(STARLIGHT);
    expect(html).toContain(
      '<button data-open-modal disabled aria-labelledby="site-search-label site-search-shortcut" aria-keyshortcuts="Control+K"',
    );
    expect(html).toContain(
      '<span id="site-search-label" class="sl-hidden md:sl-block astro-b5" aria-hidden="true">Search</span> <kbd id="site-search-shortcut" ',
    );
    expect(html).toContain('<kbd class="astro-b5">Ctrl</kbd> <kbd class="astro-b5">K</kbd>');
    expect(html.match(/aria-label=/g)).toHaveLength(1); // the dialog keeps its own name
  });

  it('leaves everything outside the button as it was', () => {
    const html = nameSearchButtonByItsText(STARLIGHT);
    expect(html.slice(html.indexOf('</button>'))).toBe(STARLIGHT.slice(STARLIGHT.indexOf('</button>')));
    expect(html.startsWith('<site-search class="x">')).toBe(true);
  });

  it('fails the build, naming what it missed, when Starlight’s markup changes', () => {
    expect(() => nameSearchButtonByItsText('<site-search></site-search>')).toThrow(/no search button found/);
    expect(() =>
      nameSearchButtonByItsText(STARLIGHT.replace(' aria-label="Search" aria-keys', ' aria-keys')),
    ).toThrow(/no aria-label on the button found.*update src\/lib\/site\/search-button\.ts/);
    expect(() => nameSearchButtonByItsText(STARLIGHT.replace('<span ', '<b '))).toThrow(/label <span>/);
  });
});
