/** The drawing pad's answer: the likeliest digit, bars for the top three, and what each layer saw. */
import type { TrainerViewModel } from '../../../../lib/trainer-view/view-model';
import { layerFigures } from '../../../shared/layer-figures';
import { topBars } from './evaluation';
import type { ViewContext } from './status';

export function renderPrediction(context: ViewContext, vm: TrainerViewModel): void {
  const { root, t, lang, labels } = context;
  const result = root.querySelector<HTMLElement>('[data-draw-result]');
  const bars = root.querySelector<HTMLElement>('[data-draw-bars]');
  const layers = root.querySelector<HTMLElement>('[data-draw-layers]');
  if (!result || !bars || !layers) return;
  const prediction = vm.prediction;
  if (!prediction) {
    result.textContent = t('trainer.draw.empty');
    delete result.dataset.digit;
    bars.replaceChildren();
    layers.replaceChildren();
    return;
  }
  const best = prediction.top3[0];
  if (!best) return;
  result.textContent = t('trainer.draw.result', {
    digit: labels[best.label] ?? best.label,
    probability: new Intl.NumberFormat(lang, { style: 'percent' }).format(best.probability),
  });
  result.dataset.digit = String(best.label);
  bars.replaceChildren(...topBars(context, prediction.top3).children);
  layers.replaceChildren(...layerFigures(prediction.layers, t));
}
