/**
 * The drawing pad's wiring: each drawn digit goes to the model for a prediction, one request
 * in flight at a time, and the newest drawing wins over any that waited meanwhile.
 */
import type { ModelId, TrainerEvent } from '../../../lib/ml/protocol';
import { find } from '../../shared/dom';
import { createDrawPad, type DrawPad } from '../../shared/draw-pad';
import type { Translate } from '../../shared/strings';
import type { Session } from './session';

export interface DrawingHost {
  root: HTMLElement;
  t: Translate;
  /** The model to ask, or null while none is trained or saved. */
  model(): ModelId | null;
  openSession(): Promise<Session>;
  /** A prediction came back. */
  onPrediction(event: TrainerEvent): void;
  /** The pad was cleared. */
  onCleared(): void;
}

/** Wires the island's drawing pad, if its markup has one (the MNIST trainer only). */
export function wireDrawPad(host: DrawingHost): DrawPad | null {
  const canvas = host.root.querySelector<HTMLCanvasElement>('.trainer-draw-canvas');
  if (!canvas) return null;
  const needModel = () => {
    find(host.root, '[data-draw-result]').textContent = host.t('trainer.draw.needModel');
  };
  let pending: Float32Array | null = null;
  let predicting = false;

  const predictPending = async (model: ModelId): Promise<void> => {
    if (predicting) return;
    predicting = true;
    try {
      const { client } = await host.openSession();
      while (pending) {
        const pixels = pending;
        pending = null;
        try {
          host.onPrediction(await client.predict(model, pixels));
        } catch {
          needModel();
        }
      }
    } finally {
      predicting = false;
    }
  };

  return createDrawPad(canvas, (pixels) => {
    if (!pixels) {
      host.onCleared();
      return;
    }
    const model = host.model();
    if (!model) {
      needModel();
      return;
    }
    pending = pixels;
    void predictPending(model);
  });
}
