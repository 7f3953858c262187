/**
 * Export and import of a model's files (TF.js `model.json` plus weights). Failures need no
 * handling here: the runtime's `error` event already carries the message to the notices.
 */
import type { CheckpointInfo, ModelId } from '../../../lib/ml/protocol';
import type { Notice } from '../../../lib/trainer-view/view-model';
import { download } from '../../shared/dom';
import type { Session } from './session';

type Client = Session['client'];

/** Downloads `model`'s files; the notice naming them, or null when the export failed. */
export async function exportModelFiles(client: Client, model: ModelId): Promise<Notice | null> {
  try {
    const files = await client.exportModel(model);
    for (const file of files) download(file.name, file.blob);
    return {
      id: 'exported',
      tone: 'success',
      key: 'trainer.checkpoint.exported',
      values: { files: files.map((f) => f.name).join(', ') },
    };
  } catch {
    return null; // Reported through the `error` event.
  }
}

/** Loads `files` as `model`'s checkpoint; the checkpoint, or null when the import failed. */
export async function importModelFiles(
  client: Client,
  model: ModelId,
  files: File[],
): Promise<CheckpointInfo | null> {
  try {
    return await client.importModel(model, files);
  } catch {
    return null; // Reported through the `error` event.
  }
}
