/// <reference lib="webworker" />
/**
 * The service worker, bundled to `<base>sw.js` after `astro build` (src/integrations/
 * service-worker.ts), where Serwist's injectManifest writes the precache list into
 * `self.__SW_MANIFEST`. It serves only same-origin requests, evaluates no code and
 * answers from Cache Storage with the responses exactly as the host sent them, so their
 * headers (cross-origin isolation) and each page's own `<meta>` content security policy
 * are kept.
 */
import { CacheFirst, ExpirationPlugin, type PrecacheEntry, Serwist } from 'serwist';

declare const self: ServiceWorkerGlobalScope & { __SW_MANIFEST: (PrecacheEntry | string)[] };

/** The folder the site lives in (`/` or a base path such as `/guide/`). */
const scope = new URL(self.registration.scope);
const underScope = (url: URL) => url.origin === scope.origin && url.pathname.startsWith(scope.pathname);

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  precacheOptions: {
    // Pages are static: a query (a trainer's settings, `?mnist=…`) never changes the file.
    ignoreURLParametersMatching: [/.*/],
    cleanupOutdatedCaches: true,
  },
  // A new version waits until the reader accepts it from the page's prompt, which posts
  // SKIP_WAITING (Serwist listens for it): a page never mixes two versions' files.
  skipWaiting: false,
  // The first version takes the page that registered it at once, so the first visit is
  // already offline-ready.
  clientsClaim: true,
  disableDevLogs: true,
  // Dataset shards have no route: they pass to the network untouched. The loader keeps every
  // verified shard in its own Cache Storage, keyed by the manifest's hash and cleaned when the
  // dataset changes, and reads it from there before asking the network, so a second copy here
  // would only double tens of MB. Their manifests are precached.
  runtimeCaching: [
    {
      // TF.js chunks and wasm binaries (left out of the precache, see src/lib/site/precache.ts)
      // once a reader has used them. Their names carry a content hash, so a cached copy never
      // goes stale; old builds' copies age out.
      matcher: ({ url, sameOrigin }) =>
        sameOrigin && underScope(url) && url.pathname.startsWith(`${scope.pathname}_astro/`),
      handler: new CacheFirst({
        cacheName: 'training-runtime',
        plugins: [new ExpirationPlugin({ maxEntries: 40, purgeOnQuotaError: true })],
      }),
    },
  ],
});

serwist.addEventListeners();
