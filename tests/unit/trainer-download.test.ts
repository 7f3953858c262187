import { describe, expect, it } from 'vitest';
import {
  type BuiltFile,
  formatMegabytes,
  importsOf,
  measureTrainerDownload,
  staticClosure,
} from '../../src/lib/site/trainer-download';

/** A small build shaped like the real one: minified ES chunks importing each other. */
function build(): Map<string, BuiltFile> {
  const js = (bytes: number, code: string): BuiltFile => ({ bytes, code });
  return new Map<string, BuiltFile>([
    [
      '_astro/worker-AbC1.js',
      js(700, 'import{a as t}from"./core.X1.js";const l=()=>import("./tfjs-backend-wasm.W1.js");'),
    ],
    ['_astro/core.X1.js', js(300, 'export const a=1;')],
    ['_astro/tfjs-backend-webgpu.G1.js', js(400, 'import"./core.X1.js";')],
    [
      '_astro/tfjs-backend-webgl.L1.js',
      js(500, 'import{k}from"./tfjs-backend-cpu.C1.js";import"./core.X1.js"'),
    ],
    ['_astro/tfjs-backend-cpu.C1.js', js(200, 'export const k=2;')],
    ['_astro/tfjs-backend-wasm.W1.js', js(250, 'new URL("tfjs-backend-wasm-simd.S1.wasm",import.meta.url)')],
    ['_astro/tfjs-backend-wasm.P1.wasm', { bytes: 300 }],
    ['_astro/tfjs-backend-wasm-simd.S1.wasm', { bytes: 420 }],
    ['_astro/tfjs-backend-wasm-threaded-simd.T1.wasm', { bytes: 430 }],
    ['_astro/tfjs-backend-wasm-threaded-simd.T2.js', js(55, 'var WasmBackendModuleThreadedSimd;')],
    ['_astro/page.P1.js', js(9999, 'import"./core.X1.js";')],
  ]);
}

describe('trainer download', () => {
  it('follows static and dynamic imports in minified chunks', () => {
    expect(
      importsOf('_astro/a.js', 'import{x}from"./b.js";import"../c.js";import("./d.js");import(`./e.js`)'),
    ).toEqual({
      static: ['_astro/b.js', 'c.js'],
      dynamic: ['_astro/d.js', '_astro/e.js'],
    });
    expect([...staticClosure(build(), '_astro/tfjs-backend-webgl.L1.js')].sort()).toEqual([
      '_astro/core.X1.js',
      '_astro/tfjs-backend-cpu.C1.js',
      '_astro/tfjs-backend-webgl.L1.js',
    ]);
  });

  it('counts the worker start once and adds the costliest backend', () => {
    const download = measureTrainerDownload(build());
    expect(download.entry).toEqual({ file: '_astro/worker-AbC1.js', bytes: 700 });
    expect(download.startBytes).toBe(1000);
    expect(download.backends).toEqual({
      webgpu: { chunk: '_astro/tfjs-backend-webgpu.G1.js', bytes: 400 },
      // WebGL shares the cpu backend's kernels; the core is already there.
      webgl: { chunk: '_astro/tfjs-backend-webgl.L1.js', bytes: 700 },
      cpu: { chunk: '_astro/tfjs-backend-cpu.C1.js', bytes: 200 },
      // Its chunk, the largest binary and the threaded build's script.
      wasm: { chunk: '_astro/tfjs-backend-wasm.W1.js', bytes: 250 + 430 + 55 },
    });
    expect(download.totalBytes).toBe(1000 + 735);
  });

  it('fails, naming it, when a backend has no chunk of its own', () => {
    const files = build();
    files.delete('_astro/tfjs-backend-cpu.C1.js');
    files.set('_astro/tfjs-backend-webgl.L1.js', { bytes: 500, code: '' });
    expect(() => measureTrainerDownload(files)).toThrow(/no chunk of its own for backend cpu/);
  });

  it('states megabytes to one decimal, rounded up', () => {
    expect(formatMegabytes(3_210_000)).toBe('3.3');
    expect(formatMegabytes(3_200_000)).toBe('3.2');
  });
});
