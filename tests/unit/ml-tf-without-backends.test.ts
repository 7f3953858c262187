import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as lean from '../../src/lib/ml/tf-without-backends';

/** Every `.ts` file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The values a file takes from `@tensorflow/tfjs`: `tf.name` after `import * as tf`, and named imports. */
function namesUsed(text: string): string[] {
  const names: string[] = [];
  const namespace = /import \* as (\w+) from '@tensorflow\/tfjs';/.exec(text)?.[1];
  if (namespace) {
    for (const match of text.matchAll(new RegExp(`\\b${namespace}\\.(\\w+)`, 'g')))
      names.push(match[1] as string);
  }
  for (const match of text.matchAll(/import \{([^}]*)\} from '@tensorflow\/tfjs';/g)) {
    for (const part of (match[1] as string).split(',')) {
      const name = part.trim();
      if (name && !name.startsWith('type ')) names.push(name.split(/\s+as\s+/)[0] as string);
    }
  }
  return names;
}

describe('TF.js without its backends (what the site bundles)', () => {
  it('exports every value the browser code takes from @tensorflow/tfjs', () => {
    const missing = new Set<string>();
    for (const file of [...sources('src/lib'), ...sources('src/platform'), ...sources('src/islands')]) {
      // Comments may name ops the code does not call (`tf.nn.lrn` in a docstring).
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/^import type \* as tf/m.test(text)) continue;
      for (const name of namesUsed(text)) {
        // Type positions (`tf.Tensor` in an annotation) need no runtime value.
        if (
          !(name in lean) &&
          !new RegExp(`:\\s*tf\\.${name}\\b|<tf\\.${name}\\b|as tf\\.${name}\\b`).test(text)
        )
          missing.add(`${name} (${file})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('registers no backend by itself', () => {
    expect(Object.keys(lean.engine().registryFactory)).toEqual([]);
  });
});
