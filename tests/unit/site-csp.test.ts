import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cspHash, inlineScriptBodies, inlineScriptHashes } from '../../src/lib/site/csp';

describe('content security policy hashes', () => {
  it('hashes a script as browsers do: SHA-256 of its exact text, base64', () => {
    const text = "\n  console.log('hi');\n";
    const expected = createHash('sha256').update(text).digest('base64');
    expect(cspHash(text)).toBe(`sha256-${expected}`);
    // A single changed space is a different script.
    expect(cspHash(text.replace('  ', ' '))).not.toBe(cspHash(text));
  });

  it('takes only is:inline scripts, keeping their whitespace, and skips bundled and external ones', () => {
    const source = [
      '---\nconst a = 1;\n---',
      '<script is:inline data-x={a}>\n\tdoThis();\n</script>',
      "<script>\n  import './bundled';\n</script>",
      '<script is:inline src="/x.js"></script>',
      '<script aria-hidden="true" is:inline>b()</script>',
    ].join('\n');
    expect(inlineScriptBodies(source)).toEqual(['\n\tdoThis();\n', 'b()']);
  });

  it('refuses define:vars, whose text changes per page, naming the file and the fix', () => {
    expect(() =>
      inlineScriptBodies('<script is:inline define:vars={{ a }}>go(a)</script>', 'src/pages/x.astro'),
    ).toThrow(/src\/pages\/x\.astro has a <script is:inline define:vars>.*data-\* attributes/);
  });

  it('collects the hashes of every component under the folders, once each', () => {
    const root = mkdtempSync(join(tmpdir(), 'csp-'));
    mkdirSync(join(root, 'nested'));
    writeFileSync(join(root, 'A.astro'), '<script is:inline>one()</script>');
    writeFileSync(
      join(root, 'nested', 'B.astro'),
      '<script is:inline>one()</script><script is:inline>two()</script>',
    );
    writeFileSync(join(root, 'notes.md'), '<script is:inline>three()</script>');
    expect(inlineScriptHashes([root]).sort()).toEqual([cspHash('one()'), cspHash('two()')].sort());
  });

  it("finds Starlight's theme script, which must run before paint", () => {
    const hashes = inlineScriptHashes([
      new URL('../../node_modules/@astrojs/starlight/dist/', import.meta.url),
    ]);
    expect(hashes.length).toBeGreaterThanOrEqual(4);
  });
});
