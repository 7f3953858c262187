/**
 * Named starting points of the two trainers: a reader picks one and presses Start, and the
 * full form stays one click away. Each preset is a complete form setup (`IslandSettings`,
 * which `toRunSettings` turns into the worker's `TrainerSettings` one to one), so the address
 * `?mnist=preset:cnn` reproduces it exactly and any edit reads as "custom".
 *
 * The expected time of a preset is computed, never typed in: its training images divided by
 * the images/s that `npm run bench` measured for its model on a machine of that kind
 * (`src/data/bench/*.json`). Where no table of a kind exists (no GPU row yet), the estimate
 * is `null` and the page says so.
 *
 * Pure data and arithmetic: no TF.js, no DOM.
 */
import type { BenchReport } from '../bench/results';
import type { IslandSettings, TrainerDataset } from '../trainer-view/settings';
import { type DatasetName, TEST_SIZE, TRAIN_SIZE, type TrainerSettings } from './catalog';
import { validationSizeFor } from './holdout';
import { CIFAR_5MIN_RECIPE, MNIST_CNN_RECIPE } from './recipes';

/** Rungs of chapter 8's ladder (`src/lib/pictures/ladder.ts`) that a ladder preset stands for. */
export type LadderRungId = 'demo' | 'casual' | 'recent';

export interface Preset {
  /** Short id used in the address (`preset:<id>`) and as the i18n key suffix. */
  id: string;
  dataset: DatasetName;
  settings: Readonly<IslandSettings>;
  /** Ladder presets only: the rung of chapter 8's table this run climbs towards. */
  rung?: LadderRungId;
}

/** Fields every preset shares unless it says otherwise. */
const BASE = {
  backend: 'auto',
  seed: 1,
  hidden: 0,
  schedule: 'constant',
  augment: 'off',
  smoothing: 0,
  flip: 'off',
} as const;

/**
 * The ladder's fixed budget: every rung trains on the same images with the same batch and
 * seed, so only the network and the augmentation differ. Small enough to run here in about a
 * minute a rung; far short of the article's hours, which the chapter's table states.
 */
export const LADDER_BUDGET = {
  epochs: 1,
  batchSize: 32,
  learningRate: 0.001,
  subset: 10_000,
  testSubset: 2000,
  evalsPerEpoch: 1,
} as const;

/**
 * A measured recipe as the form's settings: its training subset (the whole training split when
 * it names none; the trainer holds its validation images out of it, as `npm run pretrain`
 * does) and the whole test split, evaluated once an epoch, as the recipe was timed.
 */
function fromRecipe(recipe: TrainerSettings, dataset: TrainerDataset): IslandSettings {
  return {
    ...BASE,
    model: recipe.modelId,
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    learningRate: recipe.learningRate,
    schedule: recipe.lrSchedule ?? 'constant',
    augment: recipe.augment ? 'on' : 'off',
    smoothing: recipe.labelSmoothing ?? 0,
    flip: recipe.flipTest ? 'on' : 'off',
    seed: recipe.seed,
    subset: recipe.trainSubset ?? TRAIN_SIZE[dataset],
    testSubset: TEST_SIZE[dataset],
    evalsPerEpoch: 1,
  };
}

/** The 300-unit MLP of LeCun's table, as both MLP presets train it; they differ in how many digits they see. */
const MLP_300 = {
  ...BASE,
  model: 'mnist-mlp',
  hidden: 300,
  epochs: 1,
  batchSize: 32,
  learningRate: 0.002,
  testSubset: 10_000,
} as const;

const MNIST_PRESETS: readonly Preset[] = [
  {
    // The 300-unit MLP on a tenth of the digits: past 90% in well under a minute here.
    id: 'quick',
    dataset: 'mnist',
    settings: { ...MLP_300, subset: 6000, evalsPerEpoch: 4 },
  },
  {
    // LeCun et al. 1998, "2-layer NN, 300 hidden units": 784 → 300 → 10 on all 60,000 digits
    // (the same run as chapter 9's reproduction table, `src/lib/trainer-view/reproduce.ts`).
    id: 'lecun',
    dataset: 'mnist',
    settings: { ...MLP_300, subset: 60_000, evalsPerEpoch: 1 },
  },
  {
    // The small CNN on the measured recipe (`recipes.ts`: two epochs, one-cycle, smoothing 0.1;
    // 99.00% test when pretrained with the same settings).
    id: 'cnn',
    dataset: 'mnist',
    settings: fromRecipe(MNIST_CNN_RECIPE, 'mnist'),
  },
];

const CIFAR_PRESETS: readonly Preset[] = [
  {
    // The TensorFlow tutorial network with the tutorial's batch of 128 and its random crops and
    // flips; one pass over 20,000 images instead of the tutorial's hours.
    id: 'tutorial',
    dataset: 'cifar10',
    settings: {
      ...BASE,
      model: 'cifar-tutorial',
      epochs: 1,
      batchSize: 128,
      learningRate: 0.001,
      augment: 'on',
      subset: 20_000,
      testSubset: 10_000,
      evalsPerEpoch: 2,
    },
  },
  {
    // The recipe search's best five-minute network (`recipes.ts`: cifar-fast, two epochs over
    // the whole split, one-cycle to 0.02, crops and flips, test-time flip).
    id: '5min',
    dataset: 'cifar10',
    settings: fromRecipe(CIFAR_5MIN_RECIPE, 'cifar10'),
  },
  {
    id: 'ladder-tutorial',
    dataset: 'cifar10',
    rung: 'demo',
    settings: { ...BASE, ...LADDER_BUDGET, model: 'cifar-tutorial' },
  },
  {
    id: 'ladder-augment',
    dataset: 'cifar10',
    rung: 'casual',
    settings: { ...BASE, ...LADDER_BUDGET, model: 'cifar-tutorial', augment: 'on' },
  },
  {
    id: 'ladder-modern',
    dataset: 'cifar10',
    rung: 'recent',
    settings: { ...BASE, ...LADDER_BUDGET, model: 'cifar-modern', augment: 'on' },
  },
];

/** Every preset of each trainer, in the order the picker lists them. */
export const PRESETS: Readonly<Record<TrainerDataset, readonly Preset[]>> = {
  mnist: MNIST_PRESETS,
  cifar10: CIFAR_PRESETS,
};

/** The preset a trainer opens with when the address names none. */
export const DEFAULT_PRESET_ID: Readonly<Record<TrainerDataset, string>> = {
  mnist: 'quick',
  cifar10: 'tutorial',
};

/** The ladder's presets, one per rung, in the table's order. */
export const LADDER_PRESETS: readonly Preset[] = CIFAR_PRESETS.filter((preset) => preset.rung);

/** The ids of a trainer's presets, e.g. for an error message. */
export function presetIds(dataset: TrainerDataset): string[] {
  return PRESETS[dataset].map((preset) => preset.id);
}

/** The preset with this id, or undefined when the trainer has none of that name. */
export function findPreset(dataset: TrainerDataset, id: string): Preset | undefined {
  return PRESETS[dataset].find((preset) => preset.id === id);
}

/** Like `findPreset`, but throws an Error naming the bad id and the valid ones. */
export function getPreset(dataset: TrainerDataset, id: string): Preset {
  const preset = findPreset(dataset, id);
  if (!preset) {
    throw new Error(`Unknown ${dataset} preset '${id}'; expected one of ${presetIds(dataset).join(', ')}.`);
  }
  return preset;
}

/** Whether two form setups are the same run, field by field. */
export function sameSettings(a: Readonly<IslandSettings>, b: Readonly<IslandSettings>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof IslandSettings>;
  return [...keys].every((key) => a[key] === b[key]);
}

/** The id of the preset these settings are exactly, or `'custom'` after any edit. */
export function matchPreset(dataset: TrainerDataset, settings: Readonly<IslandSettings>): string {
  return PRESETS[dataset].find((preset) => sameSettings(preset.settings, settings))?.id ?? 'custom';
}

/** Images a run trains on in all (subset × epochs); evaluation is not counted. */
export function trainingImages(settings: Pick<IslandSettings, 'subset' | 'epochs'>): number {
  // The trainer holds its validation images out of the subset and never trains on them.
  return (settings.subset - validationSizeFor(settings.subset)) * settings.epochs;
}

/** A machine kind of the benchmark tables: a CPU-only machine like this one, or one with a GPU. */
export type MachineKind = 'cpu' | 'gpu';

export interface TimeEstimate {
  kind: MachineKind;
  /** The benchmark file's machine (`machine.id`) and what it is called (`machine.cpu`). */
  machineId: string;
  machineName: string;
  cores: number;
  backend: string;
  /** Batch size of the measured row (the estimate's images/s was measured at this batch). */
  batchSize: number;
  imagesPerSecond: number;
  images: number;
  seconds: number;
  /**
   * True when the preset changes the model's layers (e.g. the MLP's 300 hidden units) from the
   * ones the benchmark measured: the figure is then the default layers' speed, a rough guide.
   */
  approximate: boolean;
}

type BenchTable = Pick<BenchReport, 'machine' | 'throughput'>;

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/**
 * A table's machine kind: `gpu` when its browser drew WebGL on a real GPU, `cpu` when on a
 * software renderer (SwiftShader is the CPU pretending to be a GPU) or on none at all.
 */
export function machineKind(table: Pick<BenchReport, 'machine'>): MachineKind {
  const renderer = table.machine.browser.split(/,\s*WebGL on\s*/i)[1];
  return renderer && !SOFTWARE_RENDERER.test(renderer) ? 'gpu' : 'cpu';
}

/** Backends a machine kind trains on, best first: what `auto` would choose there. */
const BACKENDS_OF: Readonly<Record<MachineKind, readonly string[]>> = {
  cpu: ['wasm'],
  gpu: ['webgpu', 'webgl'],
};

/**
 * The preset's expected training time on a machine of `kind`, from the first table (by machine
 * id) of that kind that measured its model on one of the kind's backends; `null` when no
 * committed table has such a row. Prefers the row measured at the preset's batch size.
 */
export function estimateTime(
  settings: Readonly<IslandSettings>,
  tables: readonly BenchTable[],
  kind: MachineKind,
): TimeEstimate | null {
  const ofKind = tables
    .filter((table) => machineKind(table) === kind)
    .sort((a, b) => a.machine.id.localeCompare(b.machine.id));
  for (const table of ofKind) {
    for (const backend of BACKENDS_OF[kind]) {
      const rows = table.throughput.filter(
        (row) =>
          row.model === settings.model &&
          row.backend === backend &&
          row.mode === 'train' &&
          // TF.js's default pool on a 2-core machine is one thread (cores / 2).
          row.threads <= 1 &&
          !row.error &&
          row.imagesPerSecond > 0,
      );
      const row = rows.find((r) => r.batchSize === settings.batchSize) ?? rows[0];
      if (!row) continue;
      const images = trainingImages(settings);
      return {
        kind,
        machineId: table.machine.id,
        machineName: table.machine.cpu,
        cores: table.machine.cores,
        backend,
        batchSize: row.batchSize,
        imagesPerSecond: row.imagesPerSecond,
        images,
        seconds: images / row.imagesPerSecond,
        approximate: settings.hidden > 0,
      };
    }
  }
  return null;
}

/** Both estimates a preset card shows: on a machine like this one, and on a GPU. */
export function estimateTimes(
  settings: Readonly<IslandSettings>,
  tables: readonly BenchTable[],
): Record<MachineKind, TimeEstimate | null> {
  return { cpu: estimateTime(settings, tables, 'cpu'), gpu: estimateTime(settings, tables, 'gpu') };
}

/** A duration as a reader says it: whole seconds up to a minute and a half, then whole minutes. */
export function roundDuration(seconds: number): { unit: 'seconds' | 'minutes'; value: number } {
  if (seconds < 90) return { unit: 'seconds', value: Math.max(1, Math.round(seconds)) };
  return { unit: 'minutes', value: Math.round(seconds / 60) };
}
