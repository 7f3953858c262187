import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { readBuiltFiles } from '../../src/integrations/trainer-download';
import { isTrainingRuntimeAsset } from '../../src/lib/site/precache';
import {
  formatMegabytes,
  importsOf,
  measureTrainerDownload,
  staticClosure,
} from '../../src/lib/site/trainer-download';

/**
 * What the training worker costs a reader, measured on the built site (`dist/`, after
 * `npm run build`). A small test rather than `size-limit`: the budget that matters is the
 * worker's, whose chunks only the build's own import graph identifies.
 */
const OUT = process.env.OUT_DIR || 'dist';
const rootUrl = inject('rootUrl');

/**
 * The worker's entry chunk: TF.js core and layers, the runtime, the data loader. Measured
 * at about 780 kB when this budget was set; a backend pulled in by a static import (the
 * smallest is 190 kB) breaks it.
 */
const ENTRY_BUDGET_BYTES = 850_000;

describe('training worker bytes', () => {
  const files = readBuiltFiles(OUT, '_astro');
  const download = measureTrainerDownload(files);

  it('keeps the entry chunk within its budget', () => {
    expect(download.entry.bytes).toBeLessThanOrEqual(ENTRY_BUDGET_BYTES);
  });

  it('loads each backend from a chunk of its own, none of them up front', () => {
    const chunks = Object.values(download.backends).map((b) => b.chunk);
    expect(new Set(chunks).size).toBe(4);
    const start = new Set(importsOf(download.entry.file, files.get(download.entry.file)?.code ?? '').static);
    for (const chunk of chunks) expect(start.has(chunk), chunk).toBe(false);
    // The entry reaches each backend by a dynamic import somewhere in its graph.
    const dynamic = new Set(
      [...files].flatMap(([file, built]) => (built.code ? importsOf(file, built.code).dynamic : [])),
    );
    for (const chunk of chunks) expect(dynamic.has(chunk), chunk).toBe(true);
  });

  it('loads no TF.js on any page until the reader asks: every script a page loads up front is precached', () => {
    // A chunk with TF.js kernels that a page imports statically is downloaded by every reader
    // and, being left to the runtime cache, breaks the page offline (its islands never start).
    const pages = readdirSync(OUT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    const upFront = new Map<string, string>();
    for (const page of pages) {
      const html = readFileSync(join(OUT, page), 'utf8');
      // Scripts by src, and chunks that an inline module script imports (none today).
      const entries = [
        ...[...html.matchAll(/<script[^>]*\ssrc="\/(_astro\/[^"]+\.js)"/g)].map((m) => m[1] as string),
        ...[...html.matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].flatMap(([, body]) =>
          [...(body ?? '').matchAll(/\bimport\b[^"'`]*["'`]\/(_astro\/[^"'`]+\.js)["'`]/g)].map(
            (m) => m[1] as string,
          ),
        ),
      ];
      for (const src of entries) {
        for (const chunk of staticClosure(files, src)) {
          if (!upFront.has(chunk)) upFront.set(chunk, `${page} → ${src}`);
        }
      }
    }
    expect(upFront.size).toBeGreaterThan(0);
    const runtime = [...upFront].filter(([chunk]) =>
      isTrainingRuntimeAsset(chunk, () => files.get(chunk)?.code ?? ''),
    );
    expect(runtime.map(([chunk, from]) => `${chunk} (from ${from})`)).toEqual([]);
  });

  it('emits each wasm binary once', () => {
    const binaries = [...files.keys()]
      .filter((f) => f.endsWith('.wasm'))
      .map((f) => f.replace(/[.-][\w-]+\.wasm$/, ''));
    expect(binaries.sort()).toEqual([
      '_astro/tfjs-backend-wasm',
      '_astro/tfjs-backend-wasm-simd',
      '_astro/tfjs-backend-wasm-threaded-simd',
    ]);
  });

  it('states the measured download beside the Start button, in both languages', async () => {
    const size = formatMegabytes(download.totalBytes);
    for (const [lang, text] of [
      ['en', `Starting downloads about ${size} MB once`],
      ['ja', `約${size}MB`],
    ]) {
      const html = await (await fetch(`${rootUrl}${lang}/guide/first-model/`)).text();
      const notes = [...html.matchAll(/<p[^>]*data-lazy-note[^>]*>([^<]*)<\/p>/g)].map((m) => m[1]);
      expect(notes.length, lang).toBe(2);
      for (const note of notes) expect(note).toContain(text);
    }
  });
});
