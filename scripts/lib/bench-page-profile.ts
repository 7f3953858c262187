/**
 * Per-kernel time of training steps on the active backend (`npm run profile-kernels`, in the
 * benchmark page): every kernel registered for the backend is wrapped with a clock for the
 * run, so the table shows which kernels (and how much time outside kernels: the engine, the
 * tape, the layers' JavaScript) a step spends its time in, at 1 thread and at 2.
 *
 * A kernel that calls other kernels (our wasm training kernels do) gets its own time only;
 * the kernels it calls are listed as `Parent>Child`.
 */
import * as tf from '@tensorflow/tfjs';
import { MODEL_INPUT_SHAPE, type ModelId } from '../../src/lib/ml/catalog';
import { MODEL_FACTORIES } from '../../src/lib/ml/models';
import { createOptimizer } from '../../src/lib/ml/optimizers';

export interface KernelTime {
  name: string;
  /** Milliseconds per training step, excluding kernels it called. */
  ms: number;
  calls: number;
}

export interface ProfileResult {
  model: ModelId;
  batchSize: number;
  steps: number;
  /** Milliseconds per step, all of it. */
  stepMs: number;
  kernels: KernelTime[];
}

/** Wraps every kernel of `backendName` with a clock; returns the table and the undo. */
function clockKernels(backendName: string) {
  const times = new Map<string, { ms: number; calls: number }>();
  const stack: { name: string; child: number }[] = [];
  const originals = tf.getKernelsForBackend(backendName);
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const parent = stack[stack.length - 1];
        const name = parent ? `${parent.name}>${config.kernelName}` : config.kernelName;
        stack.push({ name: config.kernelName, child: 0 });
        const start = performance.now();
        try {
          return config.kernelFunc(args);
        } finally {
          const total = performance.now() - start;
          const self = stack.pop() as { child: number };
          if (parent) parent.child += total;
          const entry = times.get(name) ?? { ms: 0, calls: 0 };
          entry.ms += total - self.child;
          entry.calls += 1;
          times.set(name, entry);
        }
      },
    });
  }
  // The backend's own work outside kernels (tensor creation, reads, frees), as `backend.<method>`.
  const backend = tf.backend() as unknown as Record<string, (...args: unknown[]) => unknown>;
  const methods = ['write', 'read', 'readSync', 'disposeData', 'move', 'incRef'].filter(
    (m) => typeof backend[m] === 'function',
  );
  const saved = methods.map((m) => backend[m] as (...args: unknown[]) => unknown);
  for (const [i, m] of methods.entries()) {
    const original = saved[i] as (...args: unknown[]) => unknown;
    backend[m] = function timed(this: unknown, ...args: unknown[]) {
      if (stack.length > 0) return original.apply(this, args);
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const entry = times.get(`backend.${m}`) ?? { ms: 0, calls: 0 };
        entry.ms += performance.now() - start;
        entry.calls += 1;
        times.set(`backend.${m}`, entry);
      }
    };
  }
  return {
    times,
    undo() {
      for (const [i, m] of methods.entries()) backend[m] = saved[i] as (...args: unknown[]) => unknown;
      for (const config of originals) {
        tf.unregisterKernel(config.kernelName, backendName);
        tf.registerKernel(config);
      }
    },
  };
}

/** `steps` timed training steps (after 2 untimed ones) of `model` at `batchSize`, per kernel. */
export async function profileTraining(
  model: ModelId,
  batchSize: number,
  steps: number,
): Promise<ProfileResult> {
  const net = MODEL_FACTORIES[model]({ seed: 1 });
  // The trainer's own optimizer (Adam, fused into one kernel per variable where the backend has it).
  const optimizer = createOptimizer('adam', 0.001);
  net.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.randomNormal([batchSize, ...MODEL_INPUT_SHAPE[model]]);
  const y = tf.oneHot(tf.randomUniform([batchSize], 0, 10, 'int32'), 10);
  const clock = clockKernels(tf.getBackend());
  try {
    for (let i = 0; i < 2; i++) await net.trainOnBatch(x, y);
    clock.times.clear();
    const start = performance.now();
    for (let i = 0; i < steps; i++) await net.trainOnBatch(x, y);
    const stepMs = (performance.now() - start) / steps;
    const kernels = [...clock.times]
      .map(([name, t]) => ({ name, ms: t.ms / steps, calls: t.calls / steps }))
      .sort((a, b) => b.ms - a.ms);
    return { model, batchSize, steps, stepMs, kernels };
  } finally {
    clock.undo();
    tf.dispose([x, y]);
    optimizer.dispose();
    net.dispose();
  }
}
