import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CODE_JS_BUDGET_BYTES } from '../../tools/budgets';
import { CODE_JS, ROOT } from '../../tools/paths';

const FORBIDDEN_GLOBALS = [
  'require',
  'module',
  'exports',
  'process',
  'window',
  'document',
  'fetch',
  'setTimeout',
  'setInterval',
  'Buffer',
  'globalThis',
  'self',
];

/**
 * Built-ins Node and browsers have but Apps Script's V8 does not (Google's V8 runtime guide lists
 * only ECMAScript built-ins plus the Apps Script services; none of these is documented there).
 * Intl: no Intl API is documented for Apps Script, so none is allowed.
 */
const MISSING_IN_APPS_SCRIPT_V8 = [
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'structuredClone',
  'setTimeout',
  'setInterval',
  'queueMicrotask',
  'Intl',
];

/** Names a script references that Apps Script's V8 lacks (used on the bundle and on samples). */
function missingBuiltinsUsedBy(source: string): string[] {
  const program = acorn.parse(source, { ecmaVersion: 2020, sourceType: 'script' });
  const used = referencedNames(program);
  return MISSING_IN_APPS_SCRIPT_V8.filter((name) => used.has(name));
}

/**
 * The entry file's exported functions, read from its own text (types stripped, then acorn), not
 * from the bundle or esbuild's metafile that the build derives the stubs from.
 */
function declaredEntryPoints(): string[] {
  const file = join(ROOT, 'src/server/main.ts');
  const { code } = transformSync(readFileSync(file, 'utf8'), { loader: 'ts' });
  const program = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
  const names: string[] = [];
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'FunctionDeclaration')
      names.push(statement.declaration.id.name);
  }
  return names;
}

function parseBundle(): acorn.Program {
  // ecmaVersion 2020 + script: fails on module syntax and on anything newer than Apps Script's V8 target.
  return acorn.parse(readFileSync(CODE_JS, 'utf8'), { ecmaVersion: 2020, sourceType: 'script' });
}

/** Identifiers used as references (not property names or object keys). */
function referencedNames(program: acorn.Program): Set<string> {
  const names = new Set<string>();
  walk.fullAncestor(program, (node, _state, ancestors) => {
    if (node.type !== 'Identifier') return;
    const parent = ancestors[ancestors.length - 2] as acorn.Node | undefined;
    if (
      parent?.type === 'MemberExpression' &&
      (parent as acorn.MemberExpression).property === node &&
      !(parent as acorn.MemberExpression).computed
    )
      return;
    if (
      parent?.type === 'Property' &&
      (parent as acorn.Property).key === node &&
      !(parent as acorn.Property).computed
    )
      return;
    if (parent?.type === 'MethodDefinition' || parent?.type === 'PropertyDefinition') return;
    names.add((node as acorn.Identifier).name);
  });
  return names;
}

describe('dist/Code.js', () => {
  const program = parseBundle();

  it('parses as an ES2020 script: no import/export, nothing newer than Apps Script V8 accepts', () => {
    expect(program.sourceType).toBe('script');
    let dynamicImport = false;
    walk.simple(program, {
      ImportExpression: () => {
        dynamicImport = true;
      },
    });
    expect(dynamicImport).toBe(false);
  });

  it('uses no Node or browser globals', () => {
    const used = referencedNames(program);
    expect(FORBIDDEN_GLOBALS.filter((name) => used.has(name))).toEqual([]);
  });

  it('uses no built-in that Apps Script V8 lacks (TextEncoder, URL, structuredClone, Intl...)', () => {
    expect(missingBuiltinsUsedBy(readFileSync(CODE_JS, 'utf8'))).toEqual([]);
  });

  it('the V8 built-in check rejects a tiny bundle that uses new URL(...) or Intl', () => {
    expect(missingBuiltinsUsedBy("function f() { return new URL('https://x.test/').host; }")).toEqual([
      'URL',
    ]);
    expect(
      missingBuiltinsUsedBy('var n = new Intl.NumberFormat("en").format(1); var t = new TextEncoder();'),
    ).toEqual(['TextEncoder', 'Intl']);
    // A property or key that happens to be named URL is not a reference to the global.
    expect(missingBuiltinsUsedBy('var o = { URL: 1 }; o.URL = 2; o.setTimeout = 3;')).toEqual([]);
  });

  it('declares every export of src/server/main.ts as a top-level function, and nothing else', () => {
    const expected = declaredEntryPoints();
    expect(expected).toEqual(
      expect.arrayContaining([
        'onOpen',
        'onInstall',
        'menuImportSelected',
        'getSettings',
        'startImport',
        'continueImport',
        'cancelImport',
      ]),
    );
    const topLevelFunctions = program.body
      .filter((s): s is acorn.FunctionDeclaration => s.type === 'FunctionDeclaration')
      .map((s) => s.id.name);
    expect(topLevelFunctions.sort()).toEqual([...expected].sort());
    // Everything else is private inside one IIFE assigned to a single variable.
    const others = program.body.filter(
      (s) =>
        s.type !== 'FunctionDeclaration' &&
        !(s.type === 'ExpressionStatement' && 'directive' in s && s.directive),
    );
    expect(others.map((s) => s.type)).toEqual(['VariableDeclaration']);
  });

  it("takes libphonenumber-js's es6-modern build, without a copy of Babel's helpers in each of its files", () => {
    // Texts of Babel's class and iterator helpers, which survive minification (es6/ has 7).
    const code = readFileSync(CODE_JS, 'utf8');
    expect(code).not.toContain('Cannot call a class as a function');
    expect(code).not.toContain('Invalid attempt to iterate non-iterable instance');
  });

  // The benchmark reports the measured load time (bench/results/latest.md).
  it(`is small enough for every execution to parse quickly (budget: ${CODE_JS_BUDGET_BYTES / 1024} KB)`, () => {
    expect(readFileSync(CODE_JS).byteLength).toBeLessThan(CODE_JS_BUDGET_BYTES);
  });
});
