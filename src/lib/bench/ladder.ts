/**
 * Chapter 8's ladder, measured: the test accuracy each ladder preset (`LADDER_PRESETS` in
 * `src/lib/ml/presets.ts`) reaches after the same small budget on this project's machine,
 * written by `npm run bench -- --ladder` to `src/data/ladder/ladder.json` and shown beside the
 * article's 86% / 93% / 97% and the reader's own figure. Pure data; no TF.js, no DOM.
 */
import { MODEL_IDS } from '../ml/catalog.ts';
import { z } from '../schema.ts';

export const LadderRungResultSchema = z.object({
  /** The preset that was run (`ladder-tutorial`, …). */
  presetId: z.string(),
  /** The rung of the article's table it stands for. */
  rung: z.enum(['demo', 'casual', 'recent']),
  model: z.enum(MODEL_IDS),
  augment: z.boolean(),
  /** Images trained on (the subset less its held-out validation images). */
  trainImages: z.number().int().positive(),
  /** Training time in seconds, evaluation excluded (other work on the machine included). */
  trainSeconds: z.number().positive(),
  /** Accuracy on the held-out validation images, as the trainer reports it (absent if none were held out). */
  validationAccuracy: z.number().min(0).max(1).optional(),
  /** Fraction of the evaluated test images classified correctly, 0..1. */
  testAccuracy: z.number().min(0).max(1),
});
export type LadderRungResult = z.infer<typeof LadderRungResultSchema>;

export const LadderReportSchema = z.object({
  generatedBy: z.string(),
  /** The exact command line, with its options. */
  command: z.string(),
  /** ISO 8601 time the run finished. */
  date: z.string(),
  machine: z.object({
    cpu: z.string(),
    cores: z.number().int().positive(),
    backend: z.string(),
    /** One-minute load average when the run started and ended (other work on the machine). */
    loadAverage: z.tuple([z.number(), z.number()]),
  }),
  /** The budget every rung shares. */
  budget: z.object({
    trainImages: z.number().int().positive(),
    testImages: z.number().int().positive(),
    epochs: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    seed: z.number().int().nonnegative(),
  }),
  rungs: z.array(LadderRungResultSchema),
});
export type LadderReport = z.infer<typeof LadderReportSchema>;

/** Parses `ladder.json`, throwing an error that names the first bad field and the command to rerun. */
export function parseLadderReport(data: unknown, source: string): LadderReport {
  const result = LadderReportSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new Error(
      `Ladder results ${source} are invalid at ${where}: ${issue?.message}. Re-run \`npm run bench -- --ladder\`.`,
    );
  }
  return result.data;
}
