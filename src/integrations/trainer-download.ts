import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import {
  type BuiltFile,
  formatMegabytes,
  measureTrainerDownload,
  TRAINER_DOWNLOAD_MARKER,
} from '../lib/site/trainer-download.ts';

/**
 * Writes the trainer's download figure ("downloads about N MB once") into the built pages:
 * measured on the finished `_astro/` files (src/lib/site/trainer-download.ts), so it follows
 * every change to the bundles. Listed before the service worker, whose precache revisions
 * must see the final pages.
 */
export function trainerDownload(): AstroIntegration {
  return {
    name: 'ml-path-guide:trainer-download',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const download = measureTrainerDownload(readBuiltFiles(outDir, '_astro'));
        const size = formatMegabytes(download.totalBytes);
        let pages = 0;
        for (const file of walk(outDir)) {
          if (!file.endsWith('.html')) continue;
          const html = readFileSync(file, 'utf8');
          if (!html.includes(TRAINER_DOWNLOAD_MARKER)) continue;
          writeFileSync(file, html.replaceAll(TRAINER_DOWNLOAD_MARKER, size));
          pages += 1;
        }
        const kB = (bytes: number) => `${Math.round(bytes / 1000)} kB`;
        const backends = Object.entries(download.backends)
          .map(([name, b]) => `${name} +${kB(b.bytes)}`)
          .join(', ');
        logger.info(
          `training worker: ${size} MB at most (entry ${kB(download.entry.bytes)}, start ${kB(download.startBytes)}; ${backends}); written into ${pages} pages`,
        );
      },
    },
  };
}

/** Every file under `dir`. */
function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The files of `outDir/folder`, keyed as `folder/name`, with the text of the JavaScript ones. */
export function readBuiltFiles(outDir: string, folder: string): Map<string, BuiltFile> {
  const files = new Map<string, BuiltFile>();
  for (const file of walk(join(outDir, folder))) {
    const key = relative(outDir, file).split(sep).join('/');
    const bytes = statSync(file).size;
    files.set(key, file.endsWith('.js') ? { bytes, code: readFileSync(file, 'utf8') } : { bytes });
  }
  return files;
}
