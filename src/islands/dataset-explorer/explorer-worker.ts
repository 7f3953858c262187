/**
 * Module worker for the dataset explorer: loads and verifies shards off the main thread
 * (JPEG shards decode thousands of images) and hands back plain arrays, transferred.
 */
import { DatasetError, loadSplit } from '../../lib/data/loader';
import type { ExplorerRequest, ExplorerResponse } from './protocol';

const post = (message: ExplorerResponse, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

self.addEventListener('message', async (event: MessageEvent<ExplorerRequest>) => {
  const { id, dataUrl, dataset, limit } = event.data;
  const started = performance.now();
  try {
    const split = await loadSplit(dataUrl, dataset, 'test', {
      limit,
      onProgress: (progress) => post({ id, type: 'progress', progress }),
    });
    post(
      {
        id,
        type: 'loaded',
        images: split.images,
        labels: split.labels,
        count: split.count,
        shape: split.shape,
        milliseconds: performance.now() - started,
      },
      [split.images.buffer, split.labels.buffer],
    );
  } catch (error) {
    const known = error instanceof DatasetError ? error : undefined;
    post({
      id,
      type: 'error',
      message: (error as Error).message ?? String(error),
      code: known?.code ?? 'other',
      shard: known?.shard ?? `${dataset}/…`,
      expected: known?.expected,
      actual: known?.actual,
    });
  }
});
