import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTwinProblems, headingOutline } from '../../scripts/lib/twins';

const LOCALES = ['ja', 'en'] as const;
let root: string | undefined;

async function makeDocs(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'twins-'));
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

describe('language twins', () => {
  it('has a Japanese and an English twin for every page of the real guide, with one outline', async () => {
    expect(await findTwinProblems('src/content/docs', LOCALES)).toEqual([]);
  });

  it('fails when a page exists in one language only', async () => {
    const docs = await makeDocs({
      'ja/index.mdx': '# a',
      'en/index.mdx': '# a',
      'ja/guide/decide.mdx': '## 問い',
    });
    const problems = await findTwinProblems(docs, LOCALES);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(join('guide', 'decide.mdx'));
    expect(problems[0]?.message).toMatch(/exists in ja but not in en/);
  });

  it('fails when twins have different heading outlines', async () => {
    const docs = await makeDocs({ 'ja/a.md': '## 一\n### 二\n', 'en/a.md': '## One\n## Two\n' });
    const problems = await findTwinProblems(docs, LOCALES);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/heading levels differ/),
    ]);
  });

  it('ignores lines that only look like headings inside code fences', () => {
    expect(headingOutline('## Real\n```py\n## comment\n```\n### Also real\n')).toEqual([2, 3]);
  });
});
