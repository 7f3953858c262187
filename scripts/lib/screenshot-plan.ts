/**
 * The pure half of `npm run screenshots`: which pages to shoot (from the built site's
 * sitemap), in which themes and widths, under which file names, and the index page a reviewer
 * opens. No browser and no files here, so the unit tests cover all of it.
 */

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
/** A desktop and the narrowest phone the site supports. */
export const WIDTHS = [1280, 360] as const;

export interface Shot {
  /** Site path without the base path, e.g. `/en/guide/hardware/`. */
  path: string;
  theme: Theme;
  width: number;
  /** File name inside the output folder, e.g. `en-guide-hardware--dark-360.png`. */
  file: string;
}

/** Every `<loc>` of a sitemap or sitemap index, in order, entities decoded. */
export function sitemapLocations(xml: string): string[] {
  return [...xml.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((match) =>
    (match[1] as string)
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&quot;', '"')
      .replaceAll('&apos;', "'")
      .replaceAll('&amp;', '&'),
  );
}

/**
 * The pages of a sitemap as site paths (`/en/guide/hardware/`), the base path (`/guide/`)
 * removed, sorted so both languages of a page sit side by side in the index.
 */
export function pagePaths(locations: readonly string[], basePath = '/'): string[] {
  const base = `/${basePath.replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
  const paths = locations.map((location) => {
    const { pathname } = new URL(location, 'http://localhost');
    if (!pathname.startsWith(base)) {
      throw new Error(
        `Sitemap page ${location} is outside the base path ${base}; screenshots need a build made with BASE_PATH unset.`,
      );
    }
    return `/${pathname.slice(base.length)}`;
  });
  const key = (path: string) => path.replace(/^\/(ja|en)\//, '/') + path;
  return [...new Set(paths)].sort((a, b) => key(a).localeCompare(key(b)));
}

/** `/en/guide/hardware/` in dark at 360 px → `en-guide-hardware--dark-360.png`; `/` → `index--…`. */
export function shotFileName(path: string, theme: Theme, width: number): string {
  const slug =
    path
      .split('/')
      .filter(Boolean)
      .map((part) =>
        // Other characters as `_<hex code point>`, so two pages never share a file.
        part.toLowerCase().replace(/[^a-z0-9.-]/gu, (c) => `_${(c.codePointAt(0) as number).toString(16)}`),
      )
      .join('-') || 'index';
  return `${slug}--${theme}-${width}.png`;
}

/** One shot per page, theme and width: page by page, light before dark, wide before narrow. */
export function planShots(
  paths: readonly string[],
  themes: readonly Theme[] = THEMES,
  widths: readonly number[] = WIDTHS,
): Shot[] {
  for (const width of widths) {
    if (!Number.isInteger(width) || width < 200 || width > 4000) {
      throw new Error(`Screenshot width ${width} px is out of range; use whole numbers from 200 to 4000.`);
    }
  }
  return paths.flatMap((path) =>
    themes.flatMap((theme) =>
      widths.map((width) => ({ path, theme, width, file: shotFileName(path, theme, width) })),
    ),
  );
}

/** `--pages /en/,/ja/guide/hardware/` → those paths, each checked against the sitemap's. */
export function selectPages(known: readonly string[], wanted: string | undefined): string[] {
  if (!wanted) return [...known];
  return wanted
    .split(',')
    .map((page) => page.trim())
    .filter(Boolean)
    .map((page) => {
      const path = `/${page.replace(/^\/+/, '').replace(/\/?$/, '/')}`.replace('//', '/');
      if (!known.includes(path)) {
        throw new Error(
          `--pages: ${page} is not in the built site's sitemap; use a path such as /en/guide/hardware/.`,
        );
      }
      return path;
    });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The folder's `index.html`: one row per page, its shots as linked thumbnails. */
export function renderIndex(shots: readonly Shot[], meta: { date: string; command: string }): string {
  const byPage = new Map<string, Shot[]>();
  for (const shot of shots) byPage.set(shot.path, [...(byPage.get(shot.path) ?? []), shot]);
  const rows = [...byPage].map(([path, pageShots]) => {
    const cells = pageShots
      .map((shot) => {
        const file = escapeHtml(shot.file);
        return `<figure><a href="${file}"><img src="${file}" alt="${escapeHtml(`${path}, ${shot.theme}, ${shot.width} px`)}" loading="lazy"></a><figcaption>${shot.theme} · ${shot.width} px</figcaption></figure>`;
      })
      .join('');
    return `<section><h2>${escapeHtml(path)}</h2><div class="shots">${cells}</div></section>`;
  });
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Screenshots: ${byPage.size} pages, ${shots.length} shots</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1rem; }
.shots { display: flex; gap: 1rem; align-items: flex-start; overflow-x: auto; }
figure { margin: 0; }
img { width: 240px; max-height: 480px; object-fit: cover; object-position: top; border: 1px solid #888; }
</style>
<h1>Screenshots: ${byPage.size} pages, ${shots.length} shots</h1>
<p>Made by <code>${escapeHtml(meta.command)}</code> on ${escapeHtml(meta.date)}. Each thumbnail shows the top of the page; click it for the whole page.</p>
${rows.join('\n')}
</html>
`;
}
