/** Controls, readouts and notices: what changes on nearly every step. */
import { formatBytes } from '../../../../lib/i18n/format';
import { backendLabel } from '../../../../lib/trainer-view/backend-label';
import {
  formatCount,
  formatDuration,
  formatNumber,
  formatPercent,
} from '../../../../lib/trainer-view/format';
import { isBusy, type TrainerViewModel } from '../../../../lib/trainer-view/view-model';
import { find, h } from '../../../shared/dom';
import type { Translate } from '../../../shared/strings';

export interface ViewContext {
  root: HTMLElement;
  t: Translate;
  lang: string;
  labels: string[];
}

/** Enables the buttons that make sense in the current phase and locks the form while a run holds it. */
export function renderControls({ root }: ViewContext, vm: TrainerViewModel, hasCheckpoint: boolean): void {
  const busy = isBusy(vm.phase);
  const paused = vm.phase === 'paused';
  const button = (action: string) => find<HTMLButtonElement>(root, `button[data-action="${action}"]`);
  button('start').disabled = busy || paused;
  button('pause').disabled = vm.phase !== 'training';
  button('resume').disabled = !paused;
  button('step').disabled = !paused;
  button('reset').disabled = vm.phase === 'loading-runtime';
  button('continue').disabled = busy || paused || !hasCheckpoint;
  button('evaluate').disabled = busy || !hasCheckpoint;
  button('score-test').disabled = !canScoreTest(vm, hasCheckpoint);
  button('export').disabled = busy || (!hasCheckpoint && !vm.summary);
  find<HTMLInputElement>(root, 'input[data-action="import"]').disabled = busy;
  // The preset choice is a setting too: both lock while a run holds them.
  for (const fieldset of root.querySelectorAll<HTMLFieldSetElement>(
    '.trainer-settings fieldset, [data-presets] fieldset',
  )) {
    fieldset.disabled = busy || paused;
  }
  root.dataset.phase = vm.phase;
}

/** The test split is scored on request only, and never while a run trains: paused or done. */
export function canScoreTest(vm: TrainerViewModel, hasCheckpoint: boolean): boolean {
  if (vm.phase === 'paused') return true;
  const settled = vm.phase === 'finished' || vm.phase === 'stopped' || vm.phase === 'idle';
  return settled && (vm.summary !== null || hasCheckpoint);
}

export function renderReadouts({ root, t, lang }: ViewContext, vm: TrainerViewModel): void {
  const set = (name: string, text: string) => {
    const element = find(root, `[data-readout="${name}"]`);
    if (element.textContent !== text) element.textContent = text;
  };
  set('status', t(`trainer.phase.${vm.phase}`));
  const p = vm.progress;
  const bar = find<HTMLProgressElement>(root, '.trainer-progress');
  if (p) {
    set('epoch', t('trainer.readout.epochValue', { epoch: p.epoch + 1, epochs: p.epochs }));
    set(
      'step',
      t('trainer.readout.stepValue', {
        step: formatCount(p.step, lang),
        total: formatCount(p.totalSteps, lang),
      }),
    );
    set('loss', formatNumber(p.loss, lang));
    set('speed', t('trainer.readout.speedValue', { rate: formatCount(p.imagesPerSec, lang) }));
    set('eta', vm.phase === 'finished' ? formatDuration(0) : formatDuration(p.etaSeconds));
    bar.value = p.totalSteps > 0 ? p.step / p.totalSteps : 0;
    root.dataset.step = String(p.step);
  } else {
    delete root.dataset.step;
    for (const name of ['epoch', 'step', 'loss', 'speed', 'eta']) set(name, '–');
    bar.value = 0;
  }
  const m = vm.memory;
  if (m) {
    const values = { tensors: formatCount(m.numTensors, lang), bytes: formatBytes(m.numBytes, lang) };
    set(
      'memory',
      m.numBytesInGPU !== undefined
        ? t('trainer.readout.memoryGpuValue', { ...values, gpu: formatBytes(m.numBytesInGPU, lang) })
        : t('trainer.readout.memoryValue', values),
    );
  } else {
    set('memory', '–');
  }
  const last = vm.evaluations[vm.evaluations.length - 1];
  set('validation-accuracy', last ? formatPercent(last.accuracy, lang) : '–');
  set(
    'test-accuracy',
    vm.testScore ? formatPercent(vm.testScore.accuracy, lang) : t('trainer.readout.testNotScored'),
  );
  set('backend', backendLabel(vm, t));
  const d = vm.data;
  set(
    'data',
    d
      ? t('trainer.readout.dataValue', {
          split: t(`trainer.split.${d.split}`),
          loaded: formatBytes(d.loadedBytes, lang),
          total: formatBytes(d.totalBytes, lang),
        })
      : '–',
  );
}

export function renderNotices(
  { root, t }: ViewContext,
  vm: TrainerViewModel,
  onDismiss: (id: string) => void,
): void {
  const list = find(root, '.trainer-notices');
  list.replaceChildren(
    ...vm.notices.map((notice) => {
      const dismiss = h('button', { type: 'button', 'aria-label': t('trainer.notice.dismiss') }, '×');
      dismiss.addEventListener('click', () => onDismiss(notice.id));
      return h(
        'div',
        {
          class: 'trainer-notice island-notice',
          'data-tone': notice.tone,
          'data-notice': notice.id,
          role: notice.tone === 'error' ? 'alert' : undefined,
        },
        h('p', {}, t(notice.key, translateValues(t, notice.values))),
        dismiss,
      );
    }),
  );
}

/** Backend ids in notice values (`backend`, `requested`: `webgl`) read as their names (`WebGL`). */
function translateValues(
  t: Translate,
  values: Record<string, string | number>,
): Record<string, string | number> {
  const named = { ...values };
  for (const key of ['backend', 'requested'] as const) {
    const id = named[key];
    if (typeof id === 'string') named[key] = t(`trainer.backend.${id}`);
  }
  return named;
}
