/**
 * How long a training step of a model will take on a slow backend, guessed before it runs,
 * so `npm run bench` can skip warm-up where one step is long enough to swamp it, and skip a
 * measurement that would take minutes (a software GPU on the larger CNNs). The guess scales
 * the model's measured wasm step by the largest slow-to-wasm ratio seen so far on that backend.
 */
import type { BenchBackend, ThroughputResult } from './results.ts';

const stepSeconds = (r: ThroughputResult): number | null =>
  !r.error && r.steps > 0 && r.seconds > 0 ? r.seconds / r.steps : null;

/** Seconds per batch-64 training step of `model` on `backend`, or null with nothing to go on. */
export function predictStepSeconds(
  results: readonly ThroughputResult[],
  backend: BenchBackend,
  model: ThroughputResult['model'],
): number | null {
  const train = results.filter((r) => r.mode === 'train' && r.threads === 1);
  const wasmStep = (m: string) => {
    const r = train.find((x) => x.backend === 'wasm' && x.model === m);
    return r ? stepSeconds(r) : null;
  };
  const base = wasmStep(model);
  if (base === null) return null;
  const ratios = train
    .filter((r) => r.backend === backend)
    .map((r) => {
      const slow = stepSeconds(r);
      const fast = wasmStep(r.model);
      return slow !== null && fast !== null ? slow / fast : null;
    })
    .filter((v): v is number => v !== null);
  return ratios.length > 0 ? base * Math.max(...ratios) : null;
}

/** Seconds per single-threaded wasm training step of `model` at the main batch, when measured. */
export function wasmStepSeconds(
  results: readonly ThroughputResult[],
  model: ThroughputResult['model'],
): number | null {
  const r = results.find(
    (x) => x.mode === 'train' && x.backend === 'wasm' && x.threads === 1 && x.model === model,
  );
  return r ? stepSeconds(r) : null;
}

/** `models` ordered by their measured wasm step, quickest first (unmeasured ones last). */
export function byWasmStep<M extends string>(
  results: readonly ThroughputResult[],
  models: readonly M[],
): M[] {
  const step = (m: M) => {
    const r = results.find(
      (x) => x.mode === 'train' && x.backend === 'wasm' && x.threads === 1 && x.model === m,
    );
    return (r && stepSeconds(r)) ?? Number.POSITIVE_INFINITY;
  };
  return [...models].sort((a, b) => step(a) - step(b));
}
