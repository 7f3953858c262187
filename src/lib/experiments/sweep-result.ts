/**
 * One sweep point's outcome, and how a confusion matrix on the validation split becomes it.
 * Pure: the island, the worker and the reference script all fold their numbers through here.
 */
import {
  accuracyFromConfusion,
  type ClassMetrics,
  type ConfusedPair,
  macroAverages,
  mostConfusedPairs,
  perClassMetrics,
} from '../ml/metrics';
import { z } from '../schema.ts';
import type { SweepPoint } from './kernel-sweep';

/** The most confused pairs kept per point: enough to name the usual suspects (4 ↔ 9, 3 ↔ 5). */
export const CONFUSED_PAIRS_KEPT = 3;

export interface SweepPointResult {
  pointId: string;
  firstFilters: number;
  filters: [number, number];
  activation: SweepPoint['activation'];
  parameters: number;
  validationImages: number;
  validationAccuracy: number;
  macroPrecision: number;
  macroRecall: number;
  perClass: ClassMetrics[];
  confusedPairs: ConfusedPair[];
  /** Training images per second over the whole run, batch building included. */
  imagesPerSec: number;
  trainSeconds: number;
  /** Backend the point trained on (`wasm`, `cpu`, …). */
  backend: string;
}

/** The validation figures of a point from its confusion matrix `[true][predicted]`. */
export function summariseConfusion(
  matrix: number[][],
): Pick<
  SweepPointResult,
  'validationImages' | 'validationAccuracy' | 'macroPrecision' | 'macroRecall' | 'perClass' | 'confusedPairs'
> {
  const perClass = perClassMetrics(matrix);
  const macro = macroAverages(perClass);
  return {
    validationImages: matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0),
    validationAccuracy: accuracyFromConfusion(matrix),
    macroPrecision: macro.precision,
    macroRecall: macro.recall,
    perClass,
    confusedPairs: mostConfusedPairs(matrix, CONFUSED_PAIRS_KEPT),
  };
}

const ratio = z.number().min(0).max(1);
export const SweepPointResultSchema = z.object({
  pointId: z.string(),
  firstFilters: z.number().int().positive(),
  filters: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  activation: z.enum(['relu', 'prelu']),
  parameters: z.number().int().positive(),
  validationImages: z.number().int().positive(),
  validationAccuracy: ratio,
  macroPrecision: ratio,
  macroRecall: ratio,
  perClass: z.array(
    z.object({ label: z.number().int(), precision: ratio, recall: ratio, support: z.number().int() }),
  ),
  confusedPairs: z.array(
    z.object({ a: z.number().int(), b: z.number().int(), aAsB: z.number().int(), bAsA: z.number().int() }),
  ),
  imagesPerSec: z.number().positive(),
  trainSeconds: z.number().positive(),
  backend: z.string(),
});

/** `src/data/experiments/kernel-sweep.json`, written by `npm run sweep`. */
export const SweepReferenceSchema = z.object({
  generatedBy: z.literal('npm run sweep'),
  command: z.string(),
  date: z.string(),
  /** `os.loadavg()` (1, 5, 15 minutes) when the run started and when it ended: others' work slows images/s. */
  loadAverage: z.object({ start: z.array(z.number()), end: z.array(z.number()) }),
  machine: z.string(),
  budget: z.object({
    trainImages: z.number().int(),
    validationImages: z.number().int(),
    epochs: z.number().int(),
    batchSize: z.number().int(),
    learningRate: z.number(),
    seed: z.number().int(),
  }),
  results: z.array(SweepPointResultSchema),
});
export type SweepReference = z.infer<typeof SweepReferenceSchema>;

/** Parses the reference file; the error names the field and says how to regenerate it. */
export function parseSweepReference(value: unknown): SweepReference {
  const parsed = SweepReferenceSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The kernel-sweep reference file is malformed at ${issue?.path.join('.') || '(root)'}: ${issue?.message}. Regenerate it with \`npm run sweep\`.`,
    );
  }
  return parsed.data;
}
