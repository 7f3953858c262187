/**
 * What the trainer loads when the reader starts it: the client (which starts the worker and,
 * through it, TF.js) and the charts (uPlot). Never imported by the page up front.
 */
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
  const client = await TrainerClient.create({ dataUrl: new URL(dataUrl, location.href).href });
  return { client, charts };
}
