/**
 * What the trainer loads when the reader starts it: the client (which starts the worker and,
 * through it, TF.js) and the charts (uPlot). Never imported by the page up front.
 */
import { parseWasmThreadsParam } from '../../../lib/ml/wasm-threads';
import { TrainerClient } from '../trainer-client';
import { type ChartsView, createCharts } from './views/charts';
import type { ViewContext } from './views/status';

export { TrainerClient, TrainerRequestError } from '../trainer-client';

export interface Session {
  client: TrainerClient;
  charts: ChartsView;
}

export async function openSession(context: ViewContext, dataUrl: string): Promise<Session> {
  const charts = createCharts(context);
  // `?threads=2` forces the wasm backend's thread count (the benchmark and tests use it).
  const wasmThreads = parseWasmThreadsParam(location.search) ?? undefined;
  const client = await TrainerClient.create({ dataUrl: new URL(dataUrl, location.href).href, wasmThreads });
  return { client, charts };
}
