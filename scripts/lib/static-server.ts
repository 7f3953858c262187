/**
 * A minimal static file server on 127.0.0.1 for the scripts: `npm run hero` serves the MNIST
 * shards to the data loader (which reads over HTTP, as in the browser), `npm run screenshots`
 * serves the built site. It sends the same cross-origin isolation headers as `astro preview`,
 * so pages behave as they do there. Written here rather than taken from npm: thirty lines,
 * and no package adds the headers without a framework around it.
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export interface StaticServer {
  /** Ends with `/`. */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.gz': 'application/gzip',
};

export interface ServeOptions {
  /** Send the cross-origin isolation headers (default true); false serves a page that is not isolated. */
  isolated?: boolean;
}

/** Serves `folder` (a `/…/` path serves its `index.html`); `rewrite` may change a body before it is sent. */
export async function serveFolder(
  folder: string,
  rewrite: (path: string, body: Buffer) => Buffer = (_path, body) => body,
  { isolated = true }: ServeOptions = {},
): Promise<StaticServer> {
  const isolation = isolated
    ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
    : {};
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const relative = normalize(path.endsWith('/') ? `${path}index.html` : path);
    if (relative.split('/').includes('..')) {
      response.writeHead(400).end();
      return;
    }
    const file = join(folder, relative);
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = rewrite(path, await readFile(file));
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ...isolation,
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
