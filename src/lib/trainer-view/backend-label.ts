/**
 * The trainer's backend readout: "WebAssembly (CPU) · 2 threads · in a worker". The thread
 * count shows for wasm only, where it is the reader's main lever on CPU speed (threads need
 * a cross-origin isolated page; see the README's "Deploying").
 */
import type { Translate } from '../i18n/strings';
import type { TrainerViewModel } from './view-model';

export function backendLabel(vm: Pick<TrainerViewModel, 'backend' | 'where'>, t: Translate): string {
  if (!vm.backend) return '–';
  const parts = [t(`trainer.backend.${vm.backend.name}`)];
  if (vm.backend.name === 'wasm' && vm.backend.threads !== undefined)
    parts.push(t('trainer.readout.threads', { count: vm.backend.threads }));
  if (vm.where) parts.push(t(`trainer.where.${vm.where}`));
  return parts.join(' · ');
}
