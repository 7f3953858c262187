import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPython, lezerSyntaxErrors, pythonSyntaxErrors } from '../../scripts/lib/python-syntax';

const DIR = 'examples/python';
const scripts = readdirSync(DIR).filter((name) => name.endsWith('.py'));
const python = hasPython();
const BROKEN = 'def train(model:\n    return model\n';

describe('the Python examples in examples/python', () => {
  it('are the Keras 3 and the PyTorch script, each with its pinned requirements', () => {
    expect(scripts.sort()).toEqual(['cifar10_keras.py', 'cifar10_pytorch.py']);
    for (const [file, packages] of [
      ['requirements-keras.txt', ['keras', 'tensorflow']],
      ['requirements-pytorch.txt', ['torch', 'torchvision']],
    ] as const) {
      const pins = readFileSync(join(DIR, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim() && !line.startsWith('#'));
      expect(pins.map((line) => line.split('==')[0])).toEqual([...packages]);
      for (const line of pins) expect(line, `${file}: exact pin`).toMatch(/^[\w-]+==\d+(\.\d+)+$/);
    }
  });

  it('hold out a validation split, evaluate on it beside training and use the test split once, at the end', () => {
    for (const name of scripts) {
      const source = readFileSync(join(DIR, name), 'utf8');
      expect(source, name).toMatch(/VALIDATION_IMAGES = 5_000/);
      expect(source, name).toMatch(/86% → 93%/);
      const lastTest = source.lastIndexOf('test accuracy');
      expect(source.indexOf('validation', source.indexOf('def main')), name).toBeLessThan(lastTest);
    }
  });

  it('parse with the JavaScript parser (@lezer/python)', () => {
    for (const name of scripts) {
      expect(lezerSyntaxErrors(readFileSync(join(DIR, name), 'utf8'), name)).toEqual([]);
    }
  });

  it('parse with CPython when python3 is installed (it is here and in CI)', () => {
    if (!python) {
      // Without python3 the Lezer check above still covers the syntax.
      console.warn('python3 not found: checked the examples with @lezer/python only.');
      return;
    }
    for (const name of scripts) {
      expect(pythonSyntaxErrors(readFileSync(join(DIR, name), 'utf8'), name)).toEqual([]);
    }
  });

  it('the checks fail on a syntax error', () => {
    expect(lezerSyntaxErrors(BROKEN, 'broken.py')).not.toEqual([]);
    if (python)
      expect(pythonSyntaxErrors(BROKEN, 'broken.py')).toEqual([expect.stringMatching(/^broken\.py:1:/)]);
  });
});
