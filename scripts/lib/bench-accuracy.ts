/**
 * `npm run bench -- --accuracy`: CIFAR-10 test accuracy after a fixed wall-clock budget of
 * training with the trainer's presets (`src/lib/ml/presets.ts`, owned by the presets work),
 * on wasm, in the benchmark page. The clock starts before the data loads, as it does when a
 * reader presses Start. A preset that would finish early (the tutorial run: 2,000 images,
 * one epoch) keeps training on the whole training split until the budget runs out, so
 * every row answers the same question: what five minutes buy.
 */

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { AccuracyResult } from '../../src/lib/bench/results.ts';
import type { TrainerSettings } from '../../src/lib/ml/protocol.ts';

export interface AccuracyPlan {
  preset: string;
  settings: TrainerSettings;
  /** Train past the preset's own epochs, on the whole split, until the budget is spent. */
  fillBudget: boolean;
  budgetSeconds: number;
}

/** The presets timed by default, and whether each is stretched to the budget. */
export const ACCURACY_PRESETS = [
  { preset: '5min', fillBudget: false },
  { preset: 'tutorial', fillBudget: true },
] as const;

type PresetEntry = { id?: string; settings?: unknown } | undefined;

interface PresetsModule {
  PRESETS?: Record<string, unknown>;
  toRunSettings(settings: unknown): TrainerSettings;
}

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The presets and the form-to-run conversion, bundled for Node by esbuild: the site's modules
 * import each other without file extensions, which Node's own loader refuses.
 */
async function importPresets(): Promise<PresetsModule> {
  if (!existsSync(join(ROOT, 'src/lib/ml/presets.ts'))) {
    throw new Error(
      '--accuracy reads the CIFAR-10 presets from src/lib/ml/presets.ts, which does not exist yet.',
    );
  }
  const outfile = join(ROOT, '.cache/bench-page/presets.mjs');
  await build({
    stdin: {
      contents:
        "export { PRESETS } from './src/lib/ml/presets.ts';\nexport { toRunSettings } from './src/lib/trainer-view/settings.ts';\n",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile,
    logLevel: 'warning',
  });
  return (await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`)) as PresetsModule;
}

/** A preset's `TrainerSettings`: given as such, or as the form's `IslandSettings` to convert. */
function runSettingsOf(entry: PresetEntry, module: PresetsModule): TrainerSettings | null {
  const settings = (entry && 'settings' in entry ? entry.settings : entry) as
    | Record<string, unknown>
    | undefined;
  if (!settings) return null;
  if (typeof settings.modelId === 'string') return settings as unknown as TrainerSettings;
  if (typeof settings.model === 'string') return module.toRunSettings(settings);
  return null;
}

/** Reads the CIFAR-10 presets; throws, naming the file, when they are not there yet. */
export async function loadAccuracyPlans(budgetSeconds: number): Promise<AccuracyPlan[]> {
  const module = await importPresets();
  const presets = module.PRESETS?.cifar10;
  const find = (id: string): PresetEntry =>
    Array.isArray(presets)
      ? (presets as { id?: string }[]).find((p) => p.id === id)
      : ((presets as Record<string, PresetEntry> | undefined)?.[id] ?? undefined);
  return ACCURACY_PRESETS.map(({ preset, fillBudget }) => {
    const settings = runSettingsOf(find(preset), module);
    if (!settings) {
      throw new Error(
        `--accuracy: src/lib/ml/presets.ts has no CIFAR-10 preset '${preset}' (PRESETS.cifar10).`,
      );
    }
    return { preset, settings, fillBudget, budgetSeconds };
  });
}

export async function runAccuracy(
  page: Page,
  plans: AccuracyPlan[],
  log: (line: string) => void,
): Promise<AccuracyResult[]> {
  const results: AccuracyResult[] = [];
  for (const plan of plans) {
    log(`accuracy: ${plan.preset} (${plan.settings.modelId}) for ${plan.budgetSeconds} s on wasm…`);
    const r = await page.evaluate(
      ([p]) =>
        (window as unknown as { bench: { accuracy(p: unknown): Promise<AccuracyResult> } }).bench.accuracy(p),
      [plan] as const,
    );
    log(
      `accuracy: ${plan.preset}: ${(r.testAccuracy * 100).toFixed(2)}% on ${r.testImages} test images after ${r.imagesSeen} training images`,
    );
    results.push(r);
  }
  return results;
}
