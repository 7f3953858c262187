/**
 * What a reader downloads the first time a trainer starts, measured on the built files: the
 * training worker's entry chunk with everything it imports up front, plus the costliest
 * backend it may then load (its chunk, the chunks that chunk imports, and for wasm the
 * largest binary and the threaded build's script). The service worker keeps all of it, so
 * it is downloaded once. `src/integrations/trainer-download.ts` writes the figure into the
 * pages after the build; `tests/unit/trainer-download.test.ts` keeps the budget.
 */
import type { BackendName } from '../ml/catalog';

/** Stands for the megabytes in the built pages until the build's last step writes the figure. */
export const TRAINER_DOWNLOAD_MARKER = '%TRAINER_DOWNLOAD_MB%';

/** A built file: its size, and its text when it is JavaScript (to follow its imports). */
export interface BuiltFile {
  bytes: number;
  code?: string;
}

/** Built files keyed by their path relative to the build folder, `/`-separated (`_astro/x.js`). */
export type BuiltFiles = ReadonlyMap<string, BuiltFile>;

/** Each backend's chunk is named after its package (`chunkFileNames` in `astro.config.mjs`). */
export const BACKEND_CHUNK = /(^|\/)tfjs-backend-(webgpu|webgl|wasm|cpu)\.[\w-]+\.js$/;

/** The worker's entry chunk (`new Worker(new URL('./worker.ts', …))` is emitted as `worker…js`). */
export const WORKER_ENTRY = /(^|\/)worker[.-][\w-]+\.js$/;

function resolve(from: string, specifier: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/**
 * The relative chunks `code` imports: statically (`from"./x.js"`, `import"./x.js"`) and
 * dynamically (`import("./x.js")`; the bundler quotes these with backticks).
 */
export function importsOf(file: string, code: string): { static: string[]; dynamic: string[] } {
  const found = (pattern: RegExp) => [...code.matchAll(pattern)].map((m) => resolve(file, m[1] as string));
  return {
    static: found(/(?:\bfrom\s*|\bimport\s*)["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g),
    dynamic: found(/\bimport\s*\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g),
  };
}

/** `start` and every chunk it imports statically, transitively. */
export function staticClosure(files: BuiltFiles, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const built = files.get(file);
    if (!built) throw new Error(`${file} is imported but not in the build; was the build folder changed?`);
    seen.add(file);
    queue.push(...importsOf(file, built.code ?? '').static);
  }
  return seen;
}

function sum(files: BuiltFiles, paths: Iterable<string>): number {
  let total = 0;
  for (const path of paths) total += files.get(path)?.bytes ?? 0;
  return total;
}

export interface TrainerDownload {
  /** The worker's entry chunk alone. */
  entry: { file: string; bytes: number };
  /** The entry and what it imports up front. */
  startBytes: number;
  /** Extra bytes each backend brings when it is the one that starts. */
  backends: Record<BackendName, { chunk: string; bytes: number }>;
  /** `startBytes` plus the costliest backend: the figure the Start button states. */
  totalBytes: number;
}

/** Measures the training worker's download in a build (see the module comment). */
export function measureTrainerDownload(files: BuiltFiles): TrainerDownload {
  const entries = [...files.keys()].filter((f) => WORKER_ENTRY.test(f) && files.get(f)?.code);
  if (entries.length !== 1)
    throw new Error(
      `expected one training worker entry chunk (worker.*.js), found ${entries.length}: ${entries.join(', ')}`,
    );
  const entry = entries[0] as string;
  const start = staticClosure(files, entry);
  const backends = {} as TrainerDownload['backends'];
  for (const file of files.keys()) {
    const name = BACKEND_CHUNK.exec(file)?.[2] as BackendName | undefined;
    if (!name) continue;
    const own = [...staticClosure(files, file)].filter((f) => !start.has(f));
    let bytes = sum(files, own);
    if (name === 'wasm') {
      const binaries = [...files.entries()].filter(([f]) => /tfjs-backend-wasm[\w-]*\.[\w-]+\.wasm$/.test(f));
      bytes += Math.max(0, ...binaries.map(([, b]) => b.bytes));
      bytes += sum(
        files,
        [...files.keys()].filter((f) => /tfjs-backend-wasm-threaded-simd\.[\w-]+\.js$/.test(f)),
      );
    }
    backends[name] = { chunk: file, bytes };
  }
  const missing = (['webgpu', 'webgl', 'wasm', 'cpu'] as const).filter((b) => !backends[b]);
  if (missing.length > 0)
    throw new Error(
      `no chunk of its own for backend ${missing.join(', ')} (expected _astro/tfjs-backend-<name>.<hash>.js)`,
    );
  const startBytes = sum(files, start);
  const worst = Math.max(...Object.values(backends).map((b) => b.bytes));
  return {
    entry: { file: entry, bytes: files.get(entry)?.bytes ?? 0 },
    startBytes,
    backends,
    totalBytes: startBytes + worst,
  };
}

/** Megabytes to one decimal, rounded up, as the Start button states them (`3.2`). */
export function formatMegabytes(bytes: number): string {
  return (Math.ceil(bytes / 100_000) / 10).toFixed(1);
}
