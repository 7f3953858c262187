import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  decodeSettings,
  encodeSettings,
  findSettingsIssues,
  fromRunSettings,
  type IslandSettings,
  toRunSettings,
  withSettings,
} from '../../src/lib/trainer-view/settings';

describe('trainer settings in the address', () => {
  it('gives the defaults, with no issues, when the address says nothing', () => {
    expect(decodeSettings('mnist', '')).toEqual({ settings: DEFAULT_SETTINGS.mnist, issues: [] });
    expect(decodeSettings('cifar10', '?other=1')).toEqual({ settings: DEFAULT_SETTINGS.cifar10, issues: [] });
  });

  it('reads every key of a shared setup', () => {
    const { settings, issues } = decodeSettings(
      'mnist',
      '?mnist=model:mnist-cnn,epochs:3,bs:128,lr:0.0005,n:12000,test:2000,evals:2,backend:webgl,seed:7,h:0,sched:onecycle,ls:0.1',
    );
    expect(issues).toEqual([]);
    expect(settings).toEqual({
      model: 'mnist-cnn',
      epochs: 3,
      batchSize: 128,
      learningRate: 0.0005,
      subset: 12000,
      testSubset: 2000,
      evalsPerEpoch: 2,
      backend: 'webgl',
      seed: 7,
      hidden: 0,
      schedule: 'onecycle',
      augment: 'off',
      smoothing: 0.1,
      flip: 'off',
    });
  });

  it('reads test-time flip and hands it to the run as flipTest', () => {
    const { settings, issues } = decodeSettings('cifar10', '?cifar=model:cifar-fast,aug:on,flip:on');
    expect(issues).toEqual([]);
    expect(settings.flip).toBe('on');
    expect(toRunSettings(settings).flipTest).toBe(true);
    expect(toRunSettings({ ...settings, flip: 'off' }).flipTest).toBeUndefined();
    expect(fromRunSettings('cifar10', toRunSettings(settings))).toEqual(settings);
    expect(decodeSettings('cifar10', '?cifar=flip:yes').issues.map((issue) => issue.key)).toEqual(['flip']);
  });

  it('keeps the islands apart: the CIFAR trainer ignores the MNIST parameter', () => {
    const { settings } = decodeSettings('cifar10', '?mnist=bs:8&cifar=bs:16');
    expect(settings.batchSize).toBe(16);
  });

  it('drops a bad value, keeps the default and says what was expected', () => {
    const { settings, issues } = decodeSettings(
      'mnist',
      '?mnist=bs:0,lr:abc,model:cifar-tutorial,n:70000,zz:1',
    );
    expect(settings).toEqual(DEFAULT_SETTINGS.mnist);
    expect(issues).toEqual([
      expect.objectContaining({
        key: 'bs',
        value: '0',
        expected: 'an integer from 1 to 1024',
        rule: { kind: 'integer', min: 1, max: 1024 },
      }),
      expect.objectContaining({ key: 'lr', value: 'abc', expected: 'a number from 0.00001 to 1' }),
      expect.objectContaining({
        key: 'model',
        value: 'cifar-tutorial',
        expected: 'one of mnist-mlp, mnist-cnn, mnist-cnn-large',
      }),
      expect.objectContaining({ key: 'n', value: '70000', expected: 'an integer from 100 to 60000' }),
      expect.objectContaining({ key: 'zz', value: '1', unknownKey: true }),
    ]);
    expect(issues.filter((issue) => issue.unknownKey).map((issue) => issue.key)).toEqual(['zz']);
  });

  it('says a misspelt key is not a setting, naming the keys there are', () => {
    const { settings, issues } = decodeSettings('mnist', '?mnist=preset:cnn,subset:600');
    expect(settings.subset).toBe(decodeSettings('mnist', '?mnist=preset:cnn').settings.subset);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(
      /^'subset' is not a setting of this trainer, so 'subset:600' was ignored; expected a key among preset, .*\bn\b/,
    );
  });

  it('rejects fractions where an integer is needed and loose number syntax', () => {
    const { issues } = decodeSettings('mnist', '?mnist=epochs:1.5,bs:,seed:0x10,h:5');
    expect(issues.map((issue) => issue.key)).toEqual(['epochs', 'bs', 'seed', 'h']);
  });

  it('round-trips any valid settings through the address, other parameters untouched', () => {
    const chosen: IslandSettings = {
      ...DEFAULT_SETTINGS.mnist,
      model: 'mnist-mlp',
      hidden: 800,
      learningRate: 0.0003,
      backend: 'wasm',
    };
    const search = withSettings('mnist', '?lang=x&cifar=bs:16', chosen);
    expect(search).toBe('?lang=x&cifar=bs:16&mnist=lr:0.0003,backend:wasm,h:800');
    expect(withSettings('mnist', '', { ...DEFAULT_SETTINGS.mnist, hidden: 0 })).toBe('?mnist=h:0');
    expect(decodeSettings('mnist', search)).toEqual({ settings: chosen, issues: [] });
    expect(decodeSettings('cifar10', search).settings.batchSize).toBe(16);
  });

  it('leaves the address clean when the settings are the defaults', () => {
    expect(encodeSettings('cifar10', DEFAULT_SETTINGS.cifar10)).toBe('');
    expect(withSettings('cifar10', '?cifar=bs:16', DEFAULT_SETTINGS.cifar10)).toBe('');
  });

  it('validates a preset object as strictly as the address', () => {
    expect(findSettingsIssues('mnist', DEFAULT_SETTINGS.mnist)).toEqual([]);
    expect(findSettingsIssues('cifar10', { ...DEFAULT_SETTINGS.cifar10, epochs: 0 })).toEqual([
      {
        key: 'epochs',
        value: '0',
        expected: 'an integer from 1 to 50',
        message: 'epochs must be an integer from 1 to 50; got 0.',
        rule: { kind: 'integer', min: 1, max: 50 },
      },
    ]);
  });
});

describe('run settings for the worker', () => {
  it('maps the form to the protocol and spreads evaluations over the epoch', () => {
    const run = toRunSettings({
      ...DEFAULT_SETTINGS.mnist,
      subset: 6000,
      batchSize: 64,
      evalsPerEpoch: 4,
      hidden: 0,
    });
    // 6000 / 64 → 94 steps per epoch; every 24 steps → 3 live evaluations plus the epoch's end.
    expect(run).toEqual({
      modelId: 'mnist-mlp',
      epochs: 1,
      batchSize: 64,
      learningRate: 0.002,
      trainSubset: 6000,
      testSubset: 10000,
      backend: 'auto',
      seed: 1,
      evaluateEvery: 24,
      lrSchedule: 'constant',
      augment: false,
    });
  });

  it('passes a hidden width only to the MLP', () => {
    expect(toRunSettings({ ...DEFAULT_SETTINGS.mnist, hidden: 300 }).model).toEqual({ units: [300] });
    expect(
      toRunSettings({ ...DEFAULT_SETTINGS.mnist, model: 'mnist-cnn', hidden: 300 }).model,
    ).toBeUndefined();
    expect(toRunSettings({ ...DEFAULT_SETTINGS.cifar10, evalsPerEpoch: 1 }).evaluateEvery).toBe(0);
  });
});

describe('settings from a saved checkpoint', () => {
  it('gives back the form a run was started from', () => {
    const form = {
      ...DEFAULT_SETTINGS.mnist,
      model: 'mnist-mlp' as const,
      hidden: 300,
      epochs: 2,
      backend: 'wasm' as const,
    };
    expect(fromRunSettings('mnist', toRunSettings(form))).toEqual(form);
  });

  it('replaces what the trainer would refuse with the default', () => {
    const back = fromRunSettings('cifar10', {
      modelId: 'cifar-modern',
      epochs: 999,
      batchSize: 32,
      learningRate: 0.01,
      seed: 3,
    });
    expect(back).toEqual({
      ...DEFAULT_SETTINGS.cifar10,
      model: 'cifar-modern',
      batchSize: 32,
      learningRate: 0.01,
      subset: 50000,
      testSubset: 10000,
      seed: 3,
    });
  });
});
