// @ts-check

import { fileURLToPath } from 'node:url';
import { unified } from '@astrojs/markdown-remark';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import starlightLinksValidator from 'starlight-links-validator';
import { serviceWorker } from './src/integrations/service-worker.ts';
import { trainerDownload } from './src/integrations/trainer-download.ts';
import { CSP_DIRECTIVES, inlineScriptHashes } from './src/lib/site/csp.ts';
import { rehypeBaseLinks } from './src/lib/site/rehype-base-links.ts';
import { rehypeUniqueAsides } from './src/lib/site/rehype-unique-asides.ts';

/**
 * Deployment is configured from the environment so one build script serves any host:
 * SITE_URL (absolute origin, used for canonical URLs and the social card),
 * BASE_PATH (the folder the site lives under, e.g. `/guide/`), and
 * OUT_DIR (where the build goes; tests build a second copy under a base path) and
 * CACHE_DIR (Astro's cache), so that several builds can run side by side.
 */
const site = process.env.SITE_URL || 'http://localhost:4321';
const base = normalizeBase(process.env.BASE_PATH);
const outDir = process.env.OUT_DIR || './dist';
const cacheDir = process.env.CACHE_DIR || './node_modules/.astro';

/** @param {string | undefined} value */
function normalizeBase(value) {
  if (!value || value === '/') return '/';
  return `/${value.replace(/^\/+|\/+$/g, '')}/`;
}

/**
 * Cross-origin isolation lets TF.js's wasm backend use threads (SharedArrayBuffer).
 * Every asset is same-origin, so `require-corp` costs nothing.
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The `<script is:inline>` blocks Astro does not hash by itself (see src/lib/site/csp.ts):
 * Starlight's (theme, sidebar state, search shortcut, tabs) and ours (the root redirect).
 */
const inlineScripts = inlineScriptHashes([
  new URL('./node_modules/@astrojs/starlight/dist/', import.meta.url),
  new URL('./src/', import.meta.url),
]);

const socialCard = new URL(`${base}og.png`, site).href;

export default defineConfig({
  site,
  base,
  outDir,
  cacheDir,
  trailingSlash: 'always',
  server: { headers: isolationHeaders },
  // Astro does not hash the <style> it inlines for components used inside MDX pages, so a
  // strict style-src would block them: every stylesheet is a same-origin file instead.
  build: { inlineStylesheets: 'never' },
  vite: {
    resolve: {
      // TF.js without the backends it bundles: each backend is its own chunk, loaded on demand
      // (src/lib/ml/tf-without-backends.ts says why; Node keeps the whole package).
      alias: [
        {
          find: /^@tensorflow\/tfjs$/,
          replacement: fileURLToPath(new URL('./src/lib/ml/tf-without-backends.ts', import.meta.url)),
        },
      ],
    },
    worker: {
      // ES workers can split: the training worker fetches only the chunk of the backend it
      // starts (see src/lib/ml/backend.ts), not every backend up front.
      format: 'es',
      // The page's bundle names assets `[name].[hash]`; the same pattern here makes the worker
      // and the page share one copy of each wasm binary instead of emitting it twice.
      rolldownOptions: {
        output: {
          assetFileNames: '_astro/[name].[hash][extname]',
          // Each backend's chunk carries its package's name, so the size test and the Start
          // button's download figure (src/lib/site/trainer-download.ts) can find it.
          chunkFileNames: (chunk) => {
            const backend = /@tensorflow\/(tfjs-backend-(?:webgpu|webgl|wasm|cpu))\//.exec(
              chunk.facadeModuleId ?? '',
            )?.[1];
            return `_astro/${backend ?? '[name]'}.[hash].js`;
          },
        },
      },
    },
  },
  security: {
    csp: {
      directives: [...CSP_DIRECTIVES],
      scriptDirective: {
        // 'wasm-unsafe-eval' lets TF.js's wasm backend compile WebAssembly on the page (the
        // benchmark, and the trainer when it cannot use a worker); it allows no JavaScript
        // eval. Workers (the trainer's, Pagefind's) are not under this <meta> policy.
        resources: ["'self'", "'wasm-unsafe-eval'"],
        hashes: inlineScripts,
      },
      styleDirective: {
        // Expressive Code colours code tokens with `style` attributes (CSS variables), and
        // such attributes can only be allowed all together: 'unsafe-inline' for attributes
        // alone, never for <style> elements, which stay hash-only.
        resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }],
      },
    },
  },
  markdown: {
    processor: unified({
      rehypePlugins: [[rehypeBaseLinks, { base, locales: ['ja', 'en'] }], rehypeUniqueAsides],
    }),
  },
  integrations: [
    starlight({
      title: { ja: '機械学習への道', en: 'The Path into Machine Learning' },
      description:
        'A bilingual guide for programmers moving into machine learning, with models you train in your own browser.',
      defaultLocale: 'ja',
      locales: {
        ja: { label: '日本語', lang: 'ja' },
        en: { label: 'English', lang: 'en' },
      },
      favicon: '/favicon.svg',
      logo: { src: './src/assets/logo.svg', alt: '' },
      head: [
        { tag: 'meta', attrs: { property: 'og:image', content: socialCard } },
        { tag: 'meta', attrs: { property: 'og:image:width', content: '1200' } },
        { tag: 'meta', attrs: { property: 'og:image:height', content: '630' } },
        { tag: 'meta', attrs: { name: 'twitter:card', content: 'summary_large_image' } },
      ],
      customCss: ['./src/styles/custom.css', './src/styles/islands.css'],
      components: {
        // Starlight's search with its button named by its visible text (WCAG 2.5.3).
        Search: './src/components/starlight/Search.astro',
        // Adds the service worker's "new version — reload" prompt to every page.
        Footer: './src/components/starlight/Footer.astro',
      },
      sidebar: [
        {
          label: 'The guide',
          translations: { ja: 'ガイド' },
          items: [{ autogenerate: { directory: 'guide' } }],
        },
        {
          label: 'Reference',
          translations: { ja: 'リファレンス' },
          items: [{ autogenerate: { directory: 'reference' } }],
        },
      ],
      expressiveCode: {
        themes: ['github-dark', 'github-light'],
        // Wrapped lines never scroll sideways, so no code block becomes an unnamed, focusable
        // scroll region (axe: landmark-unique), and narrow screens need no sideways scrolling.
        defaultProps: { wrap: true },
      },
      plugins: [
        starlightLinksValidator({
          errorOnInconsistentLocale: true,
          errorOnFallbackPages: true,
        }),
      ],
    }),
    trainerDownload(),
    serviceWorker(),
  ],
});
