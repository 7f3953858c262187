/**
 * `npm run screenshots`: full-page screenshots of every page of the built site (its sitemap),
 * in the light and dark themes, at 1280 and 360 px, in `screenshots/` with an `index.html`
 * to open in a browser. Builds nothing: run `npm run build` first.
 *
 *   npm run screenshots
 *   npm run screenshots -- --pages /en/,/ja/guide/hardware/ --out /tmp/shots
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { takeScreenshots } from './lib/screenshots.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    pages: { type: 'string' },
    out: { type: 'string', default: resolve(ROOT, 'screenshots') },
    dist: { type: 'string', default: resolve(ROOT, process.env.OUT_DIR || 'dist') },
  },
});

try {
  const shots = await takeScreenshots({
    distDir: values.dist,
    outDir: values.out,
    pages: values.pages,
    command: ['npm run screenshots', ...process.argv.slice(2)].join(' '),
    log: (line) => console.log(line),
  });
  console.log(`Wrote ${shots.length} screenshots and index.html to ${values.out}`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
