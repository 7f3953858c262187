/**
 * Which trained networks the convolution island can look inside for a dataset: the guide's
 * pretrained model, and every model the reader trained in chapter 8 and the trainer saved as
 * a checkpoint in this browser. Pure: the island hands in what the site ships and what the
 * checkpoint store lists.
 */
import type { DatasetName } from '../data/manifest';
import { MODEL_DATASET, type ModelId } from './catalog';
import type { CheckpointInfo } from './protocol';

export type ModelSource =
  | { kind: 'pretrained'; key: 'pretrained'; modelId: ModelId }
  | { kind: 'saved'; key: string; modelId: ModelId; checkpoint: CheckpointInfo };

/**
 * The choices for `dataset`, the pretrained model first (the one whose card states its test
 * accuracy), then the reader's checkpoints of that dataset's models, newest first.
 */
export function modelSources(
  dataset: DatasetName,
  pretrained: ModelId | null,
  checkpoints: readonly CheckpointInfo[],
): ModelSource[] {
  const saved = checkpoints
    .filter((info) => MODEL_DATASET[info.modelId] === dataset)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    .map((checkpoint) => ({
      kind: 'saved' as const,
      // The save time is part of the key, so a checkpoint saved since is loaded afresh.
      key: `saved:${checkpoint.modelId}:${checkpoint.savedAt}`,
      modelId: checkpoint.modelId,
      checkpoint,
    }));
  return [
    ...(pretrained && MODEL_DATASET[pretrained] === dataset
      ? [{ kind: 'pretrained' as const, key: 'pretrained' as const, modelId: pretrained }]
      : []),
    ...saved,
  ];
}

/** The choice with `key` when it is still offered, else the first (or null when there is none). */
export function pickSource(sources: readonly ModelSource[], key: string | null): ModelSource | null {
  return sources.find((source) => source.key === key) ?? sources[0] ?? null;
}
