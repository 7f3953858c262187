import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { injectManifest } from '@serwist/build';
import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { isTrainingRuntimeAsset, PRECACHE_IGNORES, precacheUrl } from '../lib/site/precache.ts';

/**
 * Writes the service worker after `astro build`: bundles src/service-worker/sw.ts into
 * `<outDir>/sw.js` with esbuild, then lets Serwist's injectManifest list the built files to
 * precache in it (see src/lib/site/precache.ts for what is left out and why). It runs on the
 * finished `dist/`, so the pages Astro prerenders are in the list, which a Vite plugin running
 * at the end of the client bundle would miss. `astro dev` gets no service worker (the page
 * script unregisters any left from a preview on the same origin).
 */
export function serviceWorker(): AstroIntegration {
  return {
    name: 'ml-path-guide:service-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const swDest = `${outDir.replace(/\/+$/, '')}/sw.js`;
        await build({
          entryPoints: [fileURLToPath(new URL('../service-worker/sw.ts', import.meta.url))],
          outfile: swDest,
          bundle: true,
          format: 'iife',
          minify: true,
          target: 'es2022',
          // Serwist's development logging is stripped by this constant.
          define: { 'process.env.NODE_ENV': '"production"' },
          logLevel: 'warning',
        });

        const trainingRuntime: string[] = [];
        const result = await injectManifest({
          swSrc: swDest,
          swDest,
          globDirectory: outDir,
          globPatterns: ['**/*'],
          globIgnores: [...PRECACHE_IGNORES],
          // Hashed file names need no revision: a new build gives a new name.
          dontCacheBustURLsMatching: /^_astro\//,
          maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
          manifestTransforms: [
            (entries) => {
              const manifest = entries.filter((entry) => {
                const lazy = isTrainingRuntimeAsset(entry.url, () =>
                  readFileSync(`${outDir}/${entry.url}`, 'utf8'),
                );
                if (lazy) trainingRuntime.push(entry.url);
                return !lazy;
              });
              return { manifest: manifest.map((entry) => ({ ...entry, url: precacheUrl(entry.url) })) };
            },
          ],
        });
        for (const warning of result.warnings) logger.warn(warning);
        const megabytes = (result.size / 1024 / 1024).toFixed(1);
        logger.info(
          `sw.js precaches ${result.count} files (${megabytes} MB); ${trainingRuntime.length} TF.js files are cached when first used.`,
        );
      },
    },
  };
}
