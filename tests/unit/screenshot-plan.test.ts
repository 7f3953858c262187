import { describe, expect, it } from 'vitest';
import {
  pagePaths,
  planShots,
  renderIndex,
  selectPages,
  shotFileName,
  sitemapLocations,
} from '../../scripts/lib/screenshot-plan';

const SITEMAP = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.org/guide/ja/guide/hardware/</loc></url>
<url><loc>https://example.org/guide/en/</loc></url>
<url><loc>https://example.org/guide/en/guide/hardware/</loc></url>
<url><loc>https://example.org/guide/ja/</loc></url>
<url><loc>https://example.org/guide/en/a&amp;b/</loc></url>
</urlset>`;

describe('the pages to shoot', () => {
  it('come from the sitemap, base path removed, both languages of a page side by side', () => {
    const paths = pagePaths(sitemapLocations(SITEMAP), '/guide/');
    expect(paths).toEqual(['/en/', '/ja/', '/en/a&b/', '/en/guide/hardware/', '/ja/guide/hardware/']);
  });

  it('refuse a sitemap built for another base path', () => {
    expect(() => pagePaths(sitemapLocations(SITEMAP), '/')).not.toThrow();
    expect(() => pagePaths(['https://example.org/en/'], '/guide/')).toThrow(/BASE_PATH unset/);
  });

  it('can be narrowed with --pages, which must name pages of the site', () => {
    const known = ['/en/', '/ja/guide/hardware/'];
    expect(selectPages(known, undefined)).toEqual(known);
    expect(selectPages(known, 'ja/guide/hardware, /en/')).toEqual(['/ja/guide/hardware/', '/en/']);
    expect(() => selectPages(known, '/en/nowhere/')).toThrow(/not in the built site's sitemap/);
  });
});

describe('the shots', () => {
  it('cover every page in light and dark at 1280 and 360 px, with one file each', () => {
    const shots = planShots(['/en/', '/ja/guide/hardware/']);
    expect(shots).toHaveLength(8);
    expect(shots.slice(0, 4).map((shot) => shot.file)).toEqual([
      'en--light-1280.png',
      'en--light-360.png',
      'en--dark-1280.png',
      'en--dark-360.png',
    ]);
    expect(new Set(shots.map((shot) => shot.file)).size).toBe(8);
  });

  it('are named after the page path, safe as file names', () => {
    expect(shotFileName('/en/guide/hardware/', 'dark', 360)).toBe('en-guide-hardware--dark-360.png');
    expect(shotFileName('/', 'light', 1280)).toBe('index--light-1280.png');
    expect(shotFileName('/ja/guide/データ/', 'light', 1280)).toBe('ja-guide-_30c7_30fc_30bf--light-1280.png');
    expect(shotFileName('/en/a_b/', 'light', 1280)).not.toBe(shotFileName('/en/a b/', 'light', 1280));
  });

  it('refuse a width no screen has', () => {
    expect(() => planShots(['/en/'], ['light'], [12])).toThrow(/12 px is out of range/);
  });

  it('are listed in an index page, one section per page, every file linked', () => {
    const shots = planShots(['/en/', '/ja/<x>/']);
    const html = renderIndex(shots, { date: '2026-12-02', command: 'npm run screenshots' });
    expect(html.match(/<section>/g)).toHaveLength(2);
    for (const shot of shots) expect(html).toContain(`href="${shot.file}"`);
    expect(html).toContain('/ja/&#60;x&#62;/');
    expect(html).not.toContain('<x>');
  });
});
