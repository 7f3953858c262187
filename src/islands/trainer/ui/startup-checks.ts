/**
 * What `<ml-trainer>` looks up as it mounts, without loading TF.js: whether this copy of the
 * site has the dataset, and which checkpoints of the island's models this browser saved.
 */
import type { CheckpointInfo, ModelId } from '../../../lib/ml/protocol';
import { MODELS_BY_DATASET, type TrainerDataset } from '../../../lib/trainer-view/settings';
import type { Notice } from '../../../lib/trainer-view/view-model';
import type { Translate } from '../../shared/strings';

/**
 * True when the dataset's manifest is missing (CIFAR-10 needs a source at build time). A HEAD
 * request keeps the data loader and its dependencies out of the page's first load.
 */
export async function isDatasetMissing(dataUrl: string, kind: TrainerDataset): Promise<boolean> {
  const base = new URL(dataUrl, location.href);
  try {
    const response = await fetch(new URL(`${kind}/manifest.json`, base), { method: 'HEAD' });
    return response.status === 404;
  } catch {
    return false; // Offline or blocked: loading reports it with its own message when the reader starts.
  }
}

/**
 * The checkpoints in IndexedDB of `kind`'s models, or null when storage is blocked (private
 * mode), where nothing was saved either.
 */
export async function savedCheckpoints(kind: TrainerDataset): Promise<CheckpointInfo[] | null> {
  let found: CheckpointInfo[];
  try {
    const { createIdbCheckpointStore } = await import('../../../platform/checkpoint-store');
    found = await createIdbCheckpointStore().list();
  } catch {
    return null;
  }
  const models = MODELS_BY_DATASET[kind] as readonly ModelId[];
  return found.filter((c) => models.includes(c.modelId));
}

/** The most recently saved of `checkpoints`. */
export function latestCheckpoint(checkpoints: readonly CheckpointInfo[]): CheckpointInfo | undefined {
  return [...checkpoints].sort((a, b) => b.savedAt.localeCompare(a.savedAt))[0];
}

/** The notice that tells the reader a saved checkpoint was found, and from when. */
export function foundNotice(t: Translate, lang: string, latest: CheckpointInfo): Notice {
  return {
    id: 'found',
    tone: 'info',
    key: 'trainer.notice.found',
    values: {
      model: t(`trainer.model.${latest.modelId}`),
      epoch: latest.epoch,
      step: latest.step,
      savedAt: new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(latest.savedAt),
      ),
    },
  };
}
