import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunState, TrainerErrorCode, TrainerWarningCode } from '../../src/lib/ml/protocol';
import { CLASSIC_RESULTS } from '../../src/lib/trainer-view/reproduce';
import { BACKEND_CHOICES, MODELS_BY_DATASET } from '../../src/lib/trainer-view/settings';
import { errorKey } from '../../src/lib/trainer-view/view-model';

const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../src/content/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<
    string,
    string
  >;
const en = load('en');
const ja = load('ja');

describe("the trainer's strings", () => {
  it('cover every error code, run state, model, backend and classic result the views can name', () => {
    const errors: TrainerErrorCode[] = [
      'out-of-memory',
      'data-load-failed',
      'backend-unavailable',
      'context-lost',
      'checkpoint-missing',
      'checkpoint-invalid',
      'invalid-settings',
      'worker-failed',
      'protocol-mismatch',
      'busy',
      'internal',
    ];
    const states: (RunState | 'loading-runtime')[] = [
      'idle',
      'loading-runtime',
      'loading-data',
      'training',
      'paused',
      'evaluating',
      'stopped',
      'finished',
      'error',
    ];
    const needed = [
      ...errors.map(errorKey),
      ...states.map((state) => `trainer.phase.${state}`),
      ...Object.values(MODELS_BY_DATASET).flatMap((models) =>
        models.map((model) => `trainer.model.${model}`),
      ),
      ...BACKEND_CHOICES.map((backend) => `trainer.backend.${backend}`),
      ...CLASSIC_RESULTS.flatMap((r) => [
        `trainer.reproduce.row.${r.id}`,
        `trainer.reproduce.note.${r.id}`,
        `trainer.reproduce.source.${r.source}`,
      ]),
      ...['resume', 'context-loss', 'import'].map((reason) => `trainer.notice.restored.${reason}`),
      ...(
        ['checkpoint-quota', 'checkpoint-blocked', 'checkpoint-not-saved'] satisfies TrainerWarningCode[]
      ).map((code) => `trainer.warning.${code}`),
    ];
    for (const key of needed) {
      expect(en[key], key).toBeTypeOf('string');
      expect(ja[key], key).toBeTypeOf('string');
    }
  });

  it('tell the reader which batch size fits when memory runs out', () => {
    expect(en['trainer.error.out-of-memory']).toContain('batch size of {{batchSize}}');
    expect(ja['trainer.error.out-of-memory']).toContain('バッチサイズを{{batchSize}}に');
  });
});
