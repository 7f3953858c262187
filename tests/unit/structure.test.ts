/**
 * The house's structure, checked: `src/lib/` stays pure (no DOM globals, no Vite-only `?url`
 * imports), `scripts/` never reaches into `tests/` or `src/islands/`, no source file grows past
 * 400 lines, and every package the code imports is declared in package.json. Each check is a
 * function over (path, text) pairs, so a self-test proves it fails on a small bad sample.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const MAX_LINES = 400;
const DOM_GLOBALS = new Set(['document', 'window', 'navigator']);

interface SourceFile {
  /** Path from the repository root, with `/`. */
  path: string;
  text: string;
}

function listFiles(folder: string, extensions: readonly string[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !extensions.some((ext) => entry.name.endsWith(ext))) continue;
    const absolute = join(entry.parentPath, entry.name);
    out.push({ path: relative(ROOT, absolute).split(sep).join('/'), text: readFileSync(absolute, 'utf8') });
  }
  return out;
}

/** The script parts of a file: the whole of a .ts/.mjs; an .astro file's frontmatter and `<script>`s. */
function scriptOf(file: SourceFile): string {
  if (!file.path.endsWith('.astro')) return file.text;
  const parts: string[] = [];
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(file.text);
  if (front) parts.push(front[1] as string);
  for (const match of file.text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g))
    parts.push(match[1] as string);
  return parts.join('\n');
}

function parse(file: SourceFile): ts.SourceFile {
  return ts.createSourceFile(file.path, scriptOf(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Every module specifier: static imports and exports, dynamic `import()`, `import()` types. */
function importsOf(file: SourceFile): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first)) specifiers.push(first.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const literal = node.argument.literal;
      if (ts.isStringLiteral(literal)) specifiers.push(literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(file));
  return specifiers;
}

/** Names the file declares itself (variables, parameters, functions), which shadow a global. */
function declaredNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      (ts.isVariableDeclaration(node) ||
        ts.isParameter(node) ||
        ts.isBindingElement(node) ||
        ts.isFunctionDeclaration(node)) &&
      node.name &&
      ts.isIdentifier(node.name)
    ) {
      names.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** `x.window` or `{ window: 1 }` name a property, not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    ((ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) &&
      parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node)
  );
}

/** Uses of `document`, `window` or `navigator` as globals, as `line: name`. */
function domGlobalsIn(file: SourceFile): string[] {
  const source = parse(file);
  const shadowed = declaredNames(source);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isIdentifier(node) &&
      DOM_GLOBALS.has(node.text) &&
      !shadowed.has(node.text) &&
      !isPropertyName(node)
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${line + 1}: ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Problems of files under `src/lib/`: DOM globals and Vite-only `?url` imports. */
function libPurityProblems(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) => [
    ...domGlobalsIn(file).map((use) => `${file.path}:${use} (browser global; put it in src/platform/)`),
    ...importsOf(file)
      .filter((specifier) => specifier.includes('?url'))
      .map((specifier) => `${file.path} imports '${specifier}' (Vite-only; put it in src/platform/)`),
  ]);
}

/**
 * Imports of `zod` itself outside `src/lib/schema.ts`: Zod's eval probe trips the site's
 * content security policy unless it is configured there first.
 */
function zodImportProblems(files: readonly SourceFile[]): string[] {
  return files
    .filter((file) => file.path !== 'src/lib/schema.ts' && importsOf(file).includes('zod'))
    .map(
      (file) => `${file.path} imports 'zod' (import { z } from src/lib/schema.ts, which turns its eval off)`,
    );
}

/** Imports from `scripts/` that reach `tests/` or `src/islands/`. */
function scriptImportProblems(files: readonly SourceFile[]): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({ specifier, target: posix.join(posix.dirname(file.path), specifier) }))
      .filter(({ target }) => target.startsWith('tests/') || target.startsWith('src/islands/'))
      .map(
        ({ specifier }) =>
          `${file.path} imports '${specifier}' (scripts may import src/lib/ and scripts/lib/ only)`,
      ),
  );
}

function longFileProblems(files: readonly SourceFile[], max = MAX_LINES): string[] {
  return files
    .map((file) => ({ file, lines: file.text.split('\n').length - (file.text.endsWith('\n') ? 1 : 0) }))
    .filter(({ lines }) => lines > max)
    .map(({ file, lines }) => `${file.path} has ${lines} lines (at most ${max}; split it)`);
}

/** The path aliases of tsconfig.json (`@lib/`, `@islands/`…): our own folders, not packages. */
const ALIASES: readonly string[] = Object.keys(
  (JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions?: { paths?: object } })
    .compilerOptions?.paths ?? {},
).map((alias) => alias.replace(/\*$/, ''));

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; null for relative, aliased, built-in and virtual modules. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || /^[a-z]+:/.test(specifier)) return null;
  if (ALIASES.some((alias) => specifier.startsWith(alias))) return null;
  const bare = specifier.split('?')[0] as string;
  const parts = bare.split('/');
  const name = bare.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  return builtinModules.includes(name) ? null : name;
}

/** Packages imported but not declared (a type-only package may be declared as its `@types/…`). */
function undeclaredProblems(files: readonly SourceFile[], declared: ReadonlySet<string>): string[] {
  const typesName = (name: string) =>
    `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
  return files.flatMap((file) =>
    importsOf(file)
      .map(packageOf)
      .filter(
        (name): name is string => name !== null && !declared.has(name) && !declared.has(typesName(name)),
      )
      .map(
        (name) => `${file.path} imports '${name}', which package.json does not declare (npm install ${name})`,
      ),
  );
}

const SOURCE_EXTENSIONS = ['.ts', '.astro', '.mjs'] as const;

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);

describe('the house structure', () => {
  const src = listFiles('src', SOURCE_EXTENSIONS);
  const scripts = listFiles('scripts', SOURCE_EXTENSIONS);
  const tests = listFiles('tests', SOURCE_EXTENSIONS);

  it('keeps src/lib/ free of browser globals and Vite-only imports', () => {
    const lib = src.filter((file) => file.path.startsWith('src/lib/'));
    expect(lib.length).toBeGreaterThan(20);
    expect(libPurityProblems(lib)).toEqual([]);
  });

  it('takes Zod from src/lib/schema.ts everywhere under src/', () => {
    expect(zodImportProblems(src)).toEqual([]);
    expect(zodImportProblems([{ path: 'src/lib/x.ts', text: "import { z } from 'zod';" }])).toEqual([
      "src/lib/x.ts imports 'zod' (import { z } from src/lib/schema.ts, which turns its eval off)",
    ]);
  });

  it('keeps scripts/ from importing tests/ or src/islands/', () => {
    expect(scripts.length).toBeGreaterThan(5);
    expect(scriptImportProblems(scripts)).toEqual([]);
  });

  it(`keeps every source file under src/ and scripts/ within ${MAX_LINES} lines`, () => {
    expect(longFileProblems([...src, ...scripts])).toEqual([]);
  });

  it('declares in package.json every package that src/, scripts/ and tests/ import', () => {
    expect(undeclaredProblems([...src, ...scripts, ...tests], declared)).toEqual([]);
  });
});

describe('the structure checks themselves', () => {
  it('find browser globals and ?url imports, but not properties or local names', () => {
    const bad = {
      path: 'src/lib/x.ts',
      text: [
        "import a from 'pkg/file.wasm?url';",
        'export const w = window.innerWidth;',
        "const c = document.createElement('canvas');",
        'const m = (navigator as { deviceMemory?: number }).deviceMemory;',
      ].join('\n'),
    };
    expect(libPurityProblems([bad])).toEqual([
      'src/lib/x.ts:2: window (browser global; put it in src/platform/)',
      'src/lib/x.ts:3: document (browser global; put it in src/platform/)',
      'src/lib/x.ts:4: navigator (browser global; put it in src/platform/)',
      "src/lib/x.ts imports 'pkg/file.wasm?url' (Vite-only; put it in src/platform/)",
    ]);
    const fine = {
      path: 'src/lib/y.ts',
      text: [
        '// document, window and navigator in a comment are fine',
        'class Meter { constructor(private readonly window = 20) {} size() { return this.window; } }',
        'export function save(document: { a: number }) { return { document, navigator: 1 }.document.a; }',
      ].join('\n'),
    };
    expect(libPurityProblems([fine])).toEqual([]);
  });

  it('find scripts that import tests/ or src/islands/', () => {
    const file = {
      path: 'scripts/lib/x.ts',
      text: [
        "import { a } from '../../tests/e2e/browser.ts';",
        "import { b } from '../../src/islands/benchmark/measure';",
        "const c = await import('../../src/lib/ml/catalog.ts');",
        "export { d } from './browser.ts';",
      ].join('\n'),
    };
    expect(scriptImportProblems([file])).toEqual([
      "scripts/lib/x.ts imports '../../tests/e2e/browser.ts' (scripts may import src/lib/ and scripts/lib/ only)",
      "scripts/lib/x.ts imports '../../src/islands/benchmark/measure' (scripts may import src/lib/ and scripts/lib/ only)",
    ]);
  });

  it('find a file over the line limit', () => {
    const long = { path: 'src/lib/long.ts', text: 'x;\n'.repeat(5) };
    expect(longFileProblems([long], 4)).toEqual(['src/lib/long.ts has 5 lines (at most 4; split it)']);
    expect(longFileProblems([long], 5)).toEqual([]);
  });

  it('find undeclared packages, in .astro scripts too, and accept @types/ for type-only packages', () => {
    const astro = {
      path: 'src/islands/x/X.astro',
      text: "---\nimport { z } from 'zod';\nimport type { Root } from 'hast';\n---\n<script>\n  import 'left-pad/index.js';\n  import('node:fs');\n  import('fs');\n  import('astro:content');\n</script>\n",
    };
    expect(packageOf('@tensorflow/tfjs-backend-wasm/dist/x.wasm?url')).toBe('@tensorflow/tfjs-backend-wasm');
    expect(undeclaredProblems([astro], new Set(['zod', '@types/hast']))).toEqual([
      "src/islands/x/X.astro imports 'left-pad', which package.json does not declare (npm install left-pad)",
    ]);
  });
});
