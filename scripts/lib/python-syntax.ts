import { spawnSync } from 'node:child_process';
import { parser } from '@lezer/python';

/**
 * Syntax checks for the guide's Python examples (`examples/python/`), with two parsers:
 * CPython's own (`ast.parse`), when a `python3` is on the PATH, and `@lezer/python`, a
 * JavaScript parser that needs no Python at all. Each returns the problems it found,
 * empty when the source parses.
 */

const PYTHON_CHECK = [
  'import ast, sys',
  'try:',
  '    ast.parse(sys.stdin.read(), filename=sys.argv[1])',
  'except SyntaxError as error:',
  '    print(f"{error.filename}:{error.lineno}:{error.offset}: {error.msg}")',
  '    sys.exit(1)',
].join('\n');

/** Whether `python3` can be run here. */
export function hasPython(command = 'python3'): boolean {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;
}

/** CPython's verdict: `file:line:column: message`, or nothing when `source` parses. */
export function pythonSyntaxErrors(source: string, file: string, command = 'python3'): string[] {
  const result = spawnSync(command, ['-c', PYTHON_CHECK, file], { input: source, encoding: 'utf8' });
  if (result.error) throw new Error(`Could not run ${command}: ${result.error.message}`);
  if (result.status === 0) return [];
  return [(result.stdout || result.stderr).trim() || `${file}: ${command} exited with ${result.status}`];
}

/**
 * Lezer's verdict. Lezer recovers from errors instead of stopping, marking each spot with
 * an error node (type id 0, named "⚠"): every such node is a problem, given by line.
 */
export function lezerSyntaxErrors(source: string, file: string): string[] {
  const problems: string[] = [];
  parser.parse(source).iterate({
    enter(node) {
      if (node.type.isError) {
        const line = source.slice(0, node.from).split('\n').length;
        problems.push(
          `${file}:${line}: syntax error near "${source.slice(node.from, node.from + 20).split('\n')[0]}"`,
        );
      }
    },
  });
  return problems;
}
