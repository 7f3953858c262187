import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BenchReport, parseBenchReport } from '../../src/lib/bench/results';
import {
  estimateTime,
  estimateTimes,
  findPreset,
  getPreset,
  LADDER_BUDGET,
  LADDER_PRESETS,
  machineKind,
  matchPreset,
  PRESETS,
  presetIds,
  roundDuration,
} from '../../src/lib/ml/presets';
import { CIFAR_5MIN_RECIPE } from '../../src/lib/ml/recipes';
import {
  DEFAULT_SETTINGS,
  decodeSettings,
  encodeSettings,
  findSettingsIssues,
  type TrainerDataset,
  toRunSettings,
  withSettings,
} from '../../src/lib/trainer-view/settings';

const DATASETS: TrainerDataset[] = ['mnist', 'cifar10'];

/** A two-machine benchmark: a 2-core CPU with SwiftShader, and a laptop with a real GPU. */
function table(id: string, browser: string, rows: BenchReport['throughput']): BenchReport {
  return {
    generatedBy: 'npm run bench',
    date: '2026-12-01T00:00:00.000Z',
    machine: { id, cpu: `${id} cpu`, cores: 2, os: 'Linux', browser },
    wasm: { simd: true, threads: 1 },
    throughput: rows,
    batchSweep: [],
    epochs: [],
    accuracy: [],
  };
}
const row = (
  model: BenchReport['throughput'][number]['model'],
  backend: 'wasm' | 'webgl' | 'cpu',
  batchSize: number,
  imagesPerSecond: number,
) => ({
  model,
  backend,
  mode: 'train' as const,
  threads: 1,
  batchSize,
  steps: 10,
  seconds: 1,
  imagesPerSecond,
});
const CPU_TABLE = table(
  'two-core',
  'Headless Chromium 156, WebGL on ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
  [
    row('mnist-cnn', 'wasm', 64, 1500),
    row('mnist-cnn', 'webgl', 64, 60),
    row('cifar-modern', 'wasm', 16, 100),
    row('cifar-modern', 'wasm', 64, 125),
  ],
);
const GPU_TABLE = table(
  'gpu-laptop',
  'Chrome 150, WebGL on ANGLE (NVIDIA, NVIDIA GeForce RTX 4060 (0x00002882) Direct3D11 vs_5_0 ps_5_0, D3D11)',
  [row('mnist-cnn', 'wasm', 64, 3000), row('mnist-cnn', 'webgl', 64, 12_000)],
);

describe('presets', () => {
  it('offers the presets the chapter names, each a setup the trainer accepts', () => {
    expect(presetIds('mnist')).toEqual(['quick', 'lecun', 'cnn']);
    expect(presetIds('cifar10')).toEqual([
      'tutorial',
      '5min',
      'ladder-tutorial',
      'ladder-augment',
      'ladder-modern',
    ]);
    for (const dataset of DATASETS) {
      for (const preset of PRESETS[dataset]) {
        expect(preset.dataset).toBe(dataset);
        expect(findSettingsIssues(dataset, { ...preset.settings }), preset.id).toEqual([]);
      }
    }
  });

  it("trains LeCun's 784-300-10 network for the lecun preset and the small CNN for cnn", () => {
    expect(toRunSettings({ ...getPreset('mnist', 'lecun').settings }).model).toEqual({ units: [300] });
    expect(getPreset('mnist', 'lecun').settings.subset).toBe(60_000);
    expect(getPreset('mnist', 'cnn').settings.model).toBe('mnist-cnn');
  });

  it('finds a preset by id and names the valid ids for an unknown one', () => {
    expect(findPreset('cifar10', '5min')?.settings.model).toBe(CIFAR_5MIN_RECIPE.modelId);
    expect(findPreset('mnist', '5min')).toBeUndefined();
    expect(() => getPreset('mnist', 'fast')).toThrow(
      "Unknown mnist preset 'fast'; expected one of quick, lecun, cnn.",
    );
  });

  it('opens each trainer on a preset, not on a custom setup', () => {
    expect(matchPreset('mnist', DEFAULT_SETTINGS.mnist)).toBe('quick');
    expect(matchPreset('cifar10', DEFAULT_SETTINGS.cifar10)).toBe('tutorial');
  });

  it('calls a setup "custom" as soon as one field differs from every preset', () => {
    const cnn = getPreset('mnist', 'cnn').settings;
    expect(matchPreset('mnist', { ...cnn })).toBe('cnn');
    expect(matchPreset('mnist', { ...cnn, epochs: cnn.epochs + 1 })).toBe('custom');
    expect(matchPreset('mnist', { ...cnn, schedule: 'step' })).toBe('custom');
    expect(matchPreset('mnist', { ...cnn, smoothing: 0 })).toBe('custom');
    expect(
      matchPreset('cifar10', { ...getPreset('cifar10', 'ladder-augment').settings, augment: 'off' }),
    ).toBe('ladder-tutorial');
  });

  it('gives the ladder one budget, so rungs differ only in the network and the augmentation', () => {
    expect(LADDER_PRESETS.map((preset) => preset.rung)).toEqual(['demo', 'casual', 'recent']);
    for (const preset of LADDER_PRESETS) expect(preset.settings).toMatchObject(LADDER_BUDGET);
    expect(LADDER_PRESETS.map((p) => [p.settings.model, p.settings.augment])).toEqual([
      ['cifar-tutorial', 'off'],
      ['cifar-tutorial', 'on'],
      ['cifar-modern', 'on'],
    ]);
  });
});

describe('presets in the address', () => {
  it('selects a preset with preset:<id>', () => {
    expect(decodeSettings('mnist', '?mnist=preset:cnn')).toEqual({
      settings: getPreset('mnist', 'cnn').settings,
      issues: [],
    });
    expect(decodeSettings('cifar10', '?cifar=preset:5min').settings).toEqual(
      getPreset('cifar10', '5min').settings,
    );
  });

  it('applies overrides on top of the preset, wherever the preset pair stands', () => {
    const { settings, issues } = decodeSettings('mnist', '?mnist=epochs:2,preset:cnn,bs:32');
    expect(issues).toEqual([]);
    expect(settings).toEqual({ ...getPreset('mnist', 'cnn').settings, epochs: 2, batchSize: 32 });
    expect(matchPreset('mnist', settings)).toBe('custom');
  });

  it('refuses an unknown preset with the valid ids and keeps the defaults', () => {
    const { settings, issues } = decodeSettings('cifar10', '?cifar=preset:fast');
    expect(settings).toEqual(DEFAULT_SETTINGS.cifar10);
    expect(issues).toEqual([
      expect.objectContaining({
        key: 'preset',
        value: 'fast',
        message:
          'preset must be one of tutorial, 5min, ladder-tutorial, ladder-augment, ladder-modern; got fast.',
      }),
    ]);
  });

  it('writes every preset back as preset:<id>, and the default preset as nothing', () => {
    for (const dataset of DATASETS) {
      for (const preset of PRESETS[dataset]) {
        const value = encodeSettings(dataset, { ...preset.settings });
        const search = withSettings(dataset, '', { ...preset.settings });
        expect(decodeSettings(dataset, search)).toEqual({ settings: preset.settings, issues: [] });
        expect(value).toBe(
          preset.id === matchPreset(dataset, DEFAULT_SETTINGS[dataset]) ? '' : `preset:${preset.id}`,
        );
      }
    }
  });

  it('writes an edited preset as that preset plus its changes, and reads it back', () => {
    const preset = getPreset('cifar10', '5min').settings;
    const edited = { ...preset, epochs: preset.epochs + 1, seed: 9 };
    expect(encodeSettings('cifar10', edited)).toBe(`preset:5min,epochs:${preset.epochs + 1},seed:9`);
    expect(decodeSettings('cifar10', withSettings('cifar10', '?x=1', edited)).settings).toEqual(edited);
  });
});

describe('expected time of a preset', () => {
  const cnn = getPreset('mnist', 'cnn').settings;

  it('tells a CPU table from a GPU one by what drew WebGL', () => {
    expect(machineKind(CPU_TABLE)).toBe('cpu');
    expect(machineKind(GPU_TABLE)).toBe('gpu');
  });

  it('divides the training images by the measured images/s of the model on each kind of machine', () => {
    const times = estimateTimes(cnn, [GPU_TABLE, CPU_TABLE]);
    // 60,000 digits less the 5,000 held out for validation, once per epoch.
    const images = (60_000 - 5000) * cnn.epochs;
    expect(times.cpu).toMatchObject({
      machineId: 'two-core',
      backend: 'wasm',
      images,
      imagesPerSecond: 1500,
      seconds: images / 1500,
    });
    expect(times.gpu).toMatchObject({
      machineId: 'gpu-laptop',
      backend: 'webgl',
      imagesPerSecond: 12_000,
      seconds: images / 12_000,
    });
  });

  it("prefers the row measured at the preset's batch size", () => {
    // 1,000 images less the 100 held out (a tenth), one epoch, at the batch-16 row's 100 images/s.
    const small = { ...getPreset('cifar10', 'tutorial').settings, model: 'cifar-modern' as const };
    const setup = { ...small, batchSize: 16, subset: 1000, epochs: 1 };
    expect(estimateTime(setup, [CPU_TABLE], 'cpu')).toMatchObject({ batchSize: 16, seconds: 9 });
  });

  it('gives no figure where no table measured the model on that kind of machine', () => {
    expect(estimateTime(cnn, [CPU_TABLE], 'gpu')).toBeNull();
    expect(estimateTime(getPreset('cifar10', 'tutorial').settings, [CPU_TABLE, GPU_TABLE], 'cpu')).toBeNull();
  });

  it('marks an estimate approximate when the preset changes the measured layers', () => {
    const tables = [table('t', 'x', [row('mnist-mlp', 'wasm', 64, 4000)])];
    expect(estimateTime(getPreset('mnist', 'lecun').settings, tables, 'cpu')?.approximate).toBe(true);
    expect(
      estimateTime({ ...getPreset('mnist', 'lecun').settings, hidden: 0 }, tables, 'cpu')?.approximate,
    ).toBe(false);
  });

  it('has a CPU figure for every preset in the committed tables', () => {
    const dir = join(import.meta.dirname, '../../src/data/bench');
    const tables = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ name, data: JSON.parse(readFileSync(join(dir, name), 'utf8')) }))
      // Other records share the folder (the ladder, recipe searches): speed tables have `throughput`.
      .filter(({ data }) => 'throughput' in data)
      .map(({ name, data }) => parseBenchReport(data, name));
    expect(tables.length).toBeGreaterThan(0);
    for (const dataset of DATASETS) {
      for (const preset of PRESETS[dataset]) {
        expect(estimateTime(preset.settings, tables, 'cpu')?.seconds, preset.id).toBeGreaterThan(0);
      }
    }
  });
});

describe('durations as a reader says them', () => {
  it('keeps seconds up to a minute and a half, then rounds to minutes', () => {
    expect(roundDuration(0.2)).toEqual({ unit: 'seconds', value: 1 });
    expect(roundDuration(40.4)).toEqual({ unit: 'seconds', value: 40 });
    expect(roundDuration(89)).toEqual({ unit: 'seconds', value: 89 });
    expect(roundDuration(95)).toEqual({ unit: 'minutes', value: 2 });
    expect(roundDuration(564)).toEqual({ unit: 'minutes', value: 9 });
  });
});
