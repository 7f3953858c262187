import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The site's content security policy, given to Astro's `security.csp` in astro.config.mjs.
 *
 * Astro hashes the scripts and styles it bundles, but not `<script is:inline>` blocks, whose
 * text it copies into the page as written: Starlight's theme provider (which must run before
 * paint), sidebar state, search shortcut label and tabs, and our root redirect. Their hashes
 * are computed here from the component sources at build time, so a Starlight upgrade that
 * changes a script changes its hash with it and nothing goes stale.
 */

/** A CSP source expression for `content`, as browsers compute it: `sha256-<base64 digest>`. */
export function cspHash(content: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}`;
}

/**
 * The bodies of an Astro component's `<script is:inline>` elements, exactly as the compiler
 * emits them. Throws when a body uses `define:vars` (Astro rewrites those per page, so no fixed
 * hash can match): pass values through `data-*` attributes instead.
 */
export function inlineScriptBodies(astroSource: string, file = 'component'): string[] {
  const bodies: string[] = [];
  for (const match of astroSource.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attributes = match[1] ?? '';
    if (!/\bis:inline\b/.test(attributes)) continue;
    if (/\bdefine:vars\b/.test(attributes)) {
      throw new Error(
        `${file} has a <script is:inline define:vars>: its text changes per page, so no CSP hash can allow it. ` +
          'Pass the values through data-* attributes and read them from document.currentScript.dataset.',
      );
    }
    if (/\bsrc\s*=/.test(attributes)) continue;
    bodies.push(match[2] ?? '');
  }
  return bodies;
}

/** `.astro` files under `folder`, recursively, sorted. */
export function astroComponents(folder: string | URL): string[] {
  const root = folder instanceof URL ? folder : pathToFileURL(`${folder.replace(/\/*$/, '')}/`);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.astro'))
    .sort()
    .map((name) => fileURLToPath(new URL(name, root)));
}

/**
 * The CSP hashes of every `<script is:inline>` in the `.astro` files under `folders`,
 * deduplicated. Scanning whole folders (Starlight's components and our `src/`) rather than
 * naming files keeps the list right when Starlight adds a script or we override a component.
 */
export function inlineScriptHashes(folders: readonly (string | URL)[]): `sha256-${string}`[] {
  const hashes = new Set<`sha256-${string}`>();
  for (const folder of folders) {
    for (const file of astroComponents(folder)) {
      for (const body of inlineScriptBodies(readFileSync(file, 'utf8'), file)) hashes.add(cspHash(body));
    }
  }
  return [...hashes];
}

/**
 * Every directive besides `script-src` and `style-src` (which Astro writes). Nothing may come
 * from another origin. `data:` images are Starlight's and Expressive Code's inline SVG icons.
 * Workers are our own module workers (the trainer's and the dataset explorer's), so
 * `worker-src 'self'`; the service worker is same-origin too. `frame-ancestors` is left out:
 * browsers ignore it in a `<meta>` policy (a host that sends the policy as a header can add it).
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "media-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;
