/**
 * The work of `npm run pretrain` (bundled, see `bundle.ts`): for each recipe of
 * `src/lib/ml/recipes.ts`, trains it with `runRecipe`, then writes the model in TF.js's
 * layers format (`model.json` carries the checkpoint the trainer's import reads) and its card.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { type PretrainedCard, parsePretrainedCard } from '../../src/lib/ml/pretrained-card';
import { PRETRAINED_RECIPES, type PretrainedRecipe } from '../../src/lib/ml/recipes';
import { modelFiles } from '../../src/lib/ml/runtime/model-files';
import { DEFAULT_VALIDATION_SIZE } from '../../src/lib/ml/splits';
import { modelArtifacts, type NodeBackend, runRecipe, TFJS_VERSION } from './recipe-train';

export interface PretrainOptions {
  dataUrl: string;
  outDir: string;
  /** A preset id (`cnn`, `5min`) or null for all. */
  only: string | null;
  backend: NodeBackend;
  command: string;
  log: (line: string) => void;
}

export function machineDescription(backend: NodeBackend): string {
  const cpu = cpus();
  const engine = backend === 'wasm' ? 'TF.js wasm (SIMD, 1 thread)' : 'TF.js cpu';
  return `Node ${process.version}, ${engine}, ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores`;
}

async function pretrainOne(recipe: PretrainedRecipe, options: PretrainOptions): Promise<PretrainedCard> {
  const { settings } = recipe;
  options.log(`Training ${settings.modelId} (preset ${recipe.preset}) …`);
  const result = await runRecipe({
    dataUrl: options.dataUrl,
    settings,
    validationSize: DEFAULT_VALIDATION_SIZE,
    backend: options.backend,
    measureTest: true,
    log: options.log,
  });
  try {
    const date = new Date().toISOString();
    const card = parsePretrainedCard({
      dataset: recipe.dataset,
      modelId: settings.modelId,
      preset: recipe.preset,
      settings,
      seed: settings.seed,
      epochs: settings.epochs,
      validationSize: result.validationSize,
      // Scored as the trainer scores this recipe: with test-time flip when it says so.
      validationAccuracy: round(
        settings.flipTest ? result.validationAccuracyFlip : result.validationAccuracy,
      ),
      testAccuracy: round((settings.flipTest ? result.testAccuracyFlip : result.testAccuracy) ?? 0),
      params: result.params,
      trainSeconds: Number(result.trainSeconds.toFixed(1)),
      machine: machineDescription(options.backend),
      date,
      command: options.command,
    });
    const artifacts = await modelArtifacts(result.model);
    const files = modelFiles(
      settings.modelId,
      {
        modelTopology: artifacts.modelTopology as object,
        weightSpecs: artifacts.weightSpecs ?? [],
        weightData: artifacts.weightData as ArrayBuffer,
      },
      {
        modelId: settings.modelId,
        epoch: settings.epochs,
        step: Math.ceil(result.trainImages / settings.batchSize) * settings.epochs,
        savedAt: date,
        settings,
        validationAccuracy: card.validationAccuracy,
      },
      `TensorFlow.js tfjs-layers v${TFJS_VERSION}`,
    );
    const dir = join(options.outDir, settings.modelId);
    mkdirSync(dir, { recursive: true });
    for (const file of files)
      writeFileSync(join(dir, file.name), new Uint8Array(await file.blob.arrayBuffer()));
    writeFileSync(join(dir, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);
    options.log(
      `${settings.modelId}: validation ${pct(card.validationAccuracy)}, test ${pct(card.testAccuracy)}, ${card.trainSeconds} s; wrote ${dir}`,
    );
    return card;
  } finally {
    result.model.dispose();
  }
}

export async function pretrainAll(options: PretrainOptions): Promise<PretrainedCard[]> {
  const recipes = PRETRAINED_RECIPES.filter((r) => options.only === null || r.preset === options.only);
  if (recipes.length === 0) {
    throw new Error(
      `--only ${options.only} names no pretrained preset; use one of ${PRETRAINED_RECIPES.map((r) => r.preset).join(', ')}.`,
    );
  }
  const cards: PretrainedCard[] = [];
  for (const recipe of recipes) cards.push(await pretrainOne(recipe, options));
  return cards;
}

/** Accuracies to 4 decimals (0.01 of a point), as the card shows them. */
function round(value: number): number {
  return Number(value.toFixed(4));
}

function pct(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}
