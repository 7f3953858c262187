/**
 * The runtime's `DeviceAdapter` in a browser context (page or worker): the device check and
 * the GPU context's life. Node and tests use `headlessDevice` from `src/lib/ml/device.ts`.
 * Loads TF.js (through `gpu-context.ts`): import it where TF.js is loaded anyway.
 */
import type { DeviceAdapter } from '../lib/ml/device';
import { checkDevice } from './device';
import { isContextLost, loseGpuContextForTest, watchContextLoss } from './gpu-context';

export const browserDevice: DeviceAdapter = {
  checkDevice,
  watchContextLoss,
  isContextLost: () => isContextLost(),
  loseContextForTest: loseGpuContextForTest,
};
