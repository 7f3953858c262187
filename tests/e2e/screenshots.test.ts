import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'screenshots-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Mean grey level (0–255) of the top 200 rows: the page's background and header. */
function topBrightness(file: string): number {
  const png = PNG.sync.read(readFileSync(file));
  let sum = 0;
  const rows = Math.min(200, png.height);
  for (let i = 0; i < png.width * rows; i++) {
    sum +=
      ((png.data[i * 4] as number) + (png.data[i * 4 + 1] as number) + (png.data[i * 4 + 2] as number)) / 3;
  }
  return sum / (png.width * rows);
}

describe('npm run screenshots', () => {
  it('writes light and dark shots at 1280 and 360 px of the pages asked for, and an index', async () => {
    const { stdout } = await run(
      'node',
      ['scripts/screenshots.ts', '--pages', '/en/,/ja/guide/hardware/', '--out', out],
      { env: { ...process.env, NODE_ENV: 'production' } },
    );
    expect(stdout).toContain('Wrote 8 screenshots');
    const files = readdirSync(out).sort();
    expect(files).toEqual(
      [
        'en--dark-1280.png',
        'en--dark-360.png',
        'en--light-1280.png',
        'en--light-360.png',
        'index.html',
        'ja-guide-hardware--dark-1280.png',
        'ja-guide-hardware--dark-360.png',
        'ja-guide-hardware--light-1280.png',
        'ja-guide-hardware--light-360.png',
      ].sort(),
    );
    for (const file of files.filter((name) => name.endsWith('.png'))) {
      const { width, height } = PNG.sync.read(readFileSync(join(out, file)));
      // A page that scrolls sideways comes out wider than its viewport (the shot shows what
      // overflows); the no-sideways-scroll test is the site test's, so allow it here.
      if (file.includes('-1280')) expect(width, file).toBe(1280);
      else expect(width, file).toBeGreaterThanOrEqual(360);
      if (file.includes('-360')) expect(width, file).toBeLessThan(1280);
      // Full pages, not just the first screen.
      expect(height, file).toBeGreaterThan(800);
    }
    expect(topBrightness(join(out, 'en--dark-1280.png'))).toBeLessThan(
      topBrightness(join(out, 'en--light-1280.png')) - 100,
    );
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    for (const file of files.filter((name) => name.endsWith('.png')))
      expect(index).toContain(`href="${file}"`);
  });

  it('stops with the fix when a page is not part of the site', async () => {
    const failed = await run('node', [
      'scripts/screenshots.ts',
      '--pages',
      '/en/nowhere/',
      '--out',
      out,
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain(
      "/en/nowhere/ is not in the built site's sitemap",
    );
  });
});
