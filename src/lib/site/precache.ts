/**
 * What the service worker precaches, decided at build time from the files in `dist/`.
 *
 * Precached: every page, stylesheet and script a reader needs to read the guide offline,
 * Pagefind's index, the icons. Left to the service worker's runtime cache, so a reader who
 * never trains downloads none of it: TensorFlow.js (its JavaScript chunks and wasm binaries,
 * several MB) — fetched once when a reader first trains, then kept. Left out altogether: the
 * dataset shards (`data/<dataset>/*.bin`), which the data loader keeps, verified, in its own
 * cache; their small manifests are precached, so a trainer knows offline what it has.
 */

/**
 * Files (relative to the build folder, `/`-separated) that are never precached: the shards
 * (tens of MB; see above), the service worker itself, the social card (only crawlers read it), the
 * sitemaps and Pagefind's unused UI variants.
 */
export const PRECACHE_IGNORES: readonly string[] = [
  'data/**/*.bin',
  'sw.js',
  'sw.js.map',
  'og.png',
  'sitemap-*.xml',
  'pagefind/pagefind-component-ui.*',
  'pagefind/pagefind-modular-ui.*',
];

/**
 * Whether a built file belongs to TensorFlow.js, loaded only when a reader trains: a wasm
 * binary, or a JavaScript chunk that defines TF.js kernels (every TF.js package and our own
 * wasm training kernels declare them as `{kernelName: …}`). Detected from the content, not
 * the chunk's name, because the bundler names shared chunks after whatever module it likes.
 */
export function isTrainingRuntimeAsset(file: string, content: () => string): boolean {
  if (file.endsWith('.wasm')) return true;
  // The threaded wasm build's Emscripten script, loaded by its pthread workers (kernel-free).
  if (/(^|\/)tfjs-backend-wasm[^/]*\.js$/.test(file)) return true;
  if (!/\.m?js$/.test(file)) return false;
  return /\bkernelName\s*:/.test(content());
}

/**
 * The URL a precached file is requested and matched by: a page's `index.html` by its folder
 * (`en/guide/decide/` rather than `en/guide/decide/index.html`), as readers and links ask
 * for it and as the host answers it with the right headers.
 */
export function precacheUrl(file: string): string {
  if (file === 'index.html') return './';
  return file.endsWith('/index.html') ? file.slice(0, -'index.html'.length) : file;
}
