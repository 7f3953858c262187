import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JAPANESE_SOURCES, lintJapanese } from '../../scripts/lib/lint-ja';
import { parseWithFrontmatter } from '../../scripts/lib/textlint-frontmatter';
import { parseJsonStrings } from '../../scripts/lib/textlint-i18n-json';

const FIXTURES = 'tests/fixtures/textlint';

/** Every message of a lint run as `file:line:column rule: message`, for readable failures. */
async function lint(...files: string[]): Promise<string[]> {
  const results = await lintJapanese(files);
  return results.flatMap((result) =>
    result.messages.map(
      (message) =>
        `${result.filePath.replace(`${process.cwd()}/`, '')}:${message.loc.start.line}:${message.loc.start.column} ${message.ruleId}: ${message.message}`,
    ),
  );
}

describe('the Japanese vocabulary (prh.yml, via npm run lint:ja)', () => {
  it('rejects 学習時間 for a person’s study time and proposes 勉強時間', async () => {
    expect(await lint(`${FIXTURES}/person-study-time.md`)).toEqual([
      expect.stringMatching(/person-study-time\.md:3:\d+ prh: 学習時間 => 勉強時間/),
    ]);
  });

  it('accepts 勉強時間 for people and 学習 for models', async () => {
    expect(await lint(`${FIXTURES}/clean.md`)).toEqual([]);
  });

  it('lints a page’s frontmatter too: the title is what the sidebar and search show', async () => {
    expect(await lint(`${FIXTURES}/frontmatter.mdx`)).toEqual([
      expect.stringMatching(/frontmatter\.mdx:2:\d+ prh: 学習時間 => 勉強時間/),
    ]);
  });

  it('lints the values of a JSON dictionary, not its keys, at their line in the file', async () => {
    expect(await lint(`${FIXTURES}/strings.json`)).toEqual([
      expect.stringMatching(/strings\.json:3:\d+ prh: 学習時間 => 勉強時間/),
    ]);
  });

  it('holds on every Japanese page and on ja.json', async () => {
    expect(await lint(...JAPANESE_SOURCES)).toEqual([]);
  });
});

describe('the JSON string reader', () => {
  it('points each value’s range at its characters in the file', () => {
    const text = readFileSync(`${FIXTURES}/strings.json`, 'utf8');
    const document = parseJsonStrings(text);
    const values = document.children.map((node) => text.slice(node.range[0], node.range[1]));
    expect(values).toEqual(['勉強の計画', '学習時間は週{{hours}}時間です。', 'キーは調べません。']);
    expect(document.children[1]?.loc.start).toEqual({ line: 3, column: 17 });
  });

  it('places a frontmatter value’s paragraph on the value, quotes excluded', () => {
    const text = readFileSync(`${FIXTURES}/frontmatter.mdx`, 'utf8');
    const values = parseWithFrontmatter(text)
      .children.filter((node) => node.type === 'Paragraph')
      .map((node) => text.slice(node.range[0], node.range[1]));
    expect(values.slice(0, 2)).toEqual(['毎週の学習時間', '勉強の計画です。']);
  });

  it('names the file and position of invalid JSON', () => {
    expect(() => parseJsonStrings('{\n  "a": "b",\n}', 'broken.json')).toThrow(
      /^broken\.json:3:1: not valid JSON \(PropertyNameExpected\)/,
    );
  });
});
