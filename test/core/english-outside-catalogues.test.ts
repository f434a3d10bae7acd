/**
 * No sentence a marketer reads is written in English outside the catalogues (src/i18n/): every
 * string and template literal of src/ is read from the code (types stripped by esbuild, parsed by
 * acorn — no type-checker API, so this does not depend on the TypeScript version) and any that
 * holds two words in a row fails the test, unless it is one of the few exceptions below, each with
 * why. What is not a sentence for a marketer is left out by its place in the code, never by its
 * words: module names, object keys, regular expressions (they read text, they do not write it),
 * console output (the deployer's execution log), plain Errors (programming errors), date formats,
 * markup and style rules, and lists of words the add-on reads in sheets. An English plural built in
 * code (`n === 1 ? '' : 's'`) fails it too: plurals are the catalogues' plural forms.
 *
 * The scanner is tested on a sample first, so a scanner that finds nothing cannot pass.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type Node, parse } from 'acorn';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

/** Two words in a row: the mark of a sentence, in any case ("Exported from …", "nothing new"). */
const TWO_WORDS = /\b[A-Za-z]{2,}[ ,;:]+[a-z]{2,}\b/;

/**
 * Files whose literals are words the add-on reads, not writes (headers, consent answers), or
 * proper names; their lists of strings are skipped, their other literals are still scanned.
 */
const VOCABULARY_FILES = new Set(['core/mapping.ts', 'core/consent.ts', 'core/countries.ts']);

/** Whole files left out, and why. */
const FILES_LEFT_OUT: Record<string, string> = {
  'server/run-log.ts':
    'the run log tab is one record shared by every collaborator and read back by later runs (its ' +
    'column names find its columns), written in fixed English like the Status words',
};

/** Single literals left out: file, text as scanned ({} for a placeholder), and why. */
const LITERALS_LEFT_OUT: { file: string; text: string; why: string }[] = [
  { file: 'core/payload.ts', text: 'Import profile', why: 'the JSON schema’s title, never shown' },
  {
    file: 'core/countries.ts',
    text: 'Isle of Man',
    why: 'country names are proper names, as BotPenguin and libphonenumber write them',
  },
  { file: 'core/countries.ts', text: 'Tristan da Cunha', why: 'a country name' },
  ...['Phone changed', 'Opted out', 'Opt-out tagged', 'Not removed'].map((text) => ({
    file: 'shared/contracts.ts',
    text,
    why: 'a Status word: fixed English, read back by every later run whoever runs it (STATUS)',
  })),
  {
    file: 'sidebar/importer.ts',
    text: 'Sheets import {}-{}-{}',
    why: 'the default batch tag, a tag name in BotPenguin: one name for every collaborator',
  },
  ...[
    'label type tipo id kind fax pager ext extension verified opt optin optout consent accepts accept subscribed marketing status code prefix prefijo prefixo indicatif ddi isd country pais pays source date',
    'work office business home landline fixed fijo fixo fixe address company other trabajo casa bureau domicile residencial comercial main',
    'what whats s is your full complete contact customer client lead person display tu su seu sua votre nombre nome nom',
  ].map((text) => ({
    file: 'core/mapping.ts',
    text,
    why: 'header words the add-on reads in exports (split on spaces), never shown',
  })),
  {
    file: 'server/removal.ts',
    text: '(deleted sheet {})',
    why: 'stands for a sheet name (as in the run log), not a sentence',
  },
];

interface Found {
  file: string;
  text: string;
}

type AnyNode = Node & Record<string, unknown>;

const isNode = (value: unknown): value is AnyNode =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/** A date format for Utilities.formatDate or a number format ("yyyy-MM-dd HH:mm"). */
const DATE_FORMAT = /^[yMdHhmsaZ:./ -]+$/;

/** Text as a marketer would read it: placeholders, markup and style rules taken out. */
function readable(text: string): string {
  if (DATE_FORMAT.test(text)) return '';
  return text
    .replace(/\{\}/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/[\w#.-]+\{[^{}]*\}/g, ' ')
    .replace(/\s+/g, ' ');
}

function isLeftOutByPlace(node: AnyNode, parent: AnyNode | null, vocabulary: boolean): boolean {
  if (!parent) return false;
  switch (parent.type) {
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportAllDeclaration':
    case 'ImportExpression':
      return true;
    case 'Property':
      return parent.key === node;
    case 'NewExpression':
    case 'CallExpression': {
      const callee = parent.callee as AnyNode;
      // A plain Error is a programming error: a marketer only ever sees it inside the catalogue's
      // "unexpected" sentence (menu.ts userMessage). Their own errors are UserError, scanned.
      if (callee.type === 'Identifier' && (callee.name === 'RegExp' || callee.name === 'Error')) return true;
      const object = callee.type === 'MemberExpression' ? (callee.object as AnyNode) : null;
      return object?.type === 'Identifier' && object.name === 'console';
    }
    case 'ArrayExpression':
      return vocabulary && (parent.elements as AnyNode[]).every((e) => e?.type === 'Literal');
    default:
      return false;
  }
}

/** What the scan reports for an English plural built in code ("tag" + (n === 1 ? '' : 's')). */
const ENGLISH_PLURAL = "an English plural (… ? '' : 's'): use a catalogue message with plural forms";
const PLURAL_ENDINGS = new Set(['', 's', 'es']);

/** `n === 1 ? '' : 's'`: a word's English plural, which other languages do not make so. */
function isEnglishPlural(node: AnyNode): boolean {
  if (node.type !== 'ConditionalExpression') return false;
  const branches = [node.consequent, node.alternate] as AnyNode[];
  const values = branches.map((b) => (b.type === 'Literal' && typeof b.value === 'string' ? b.value : null));
  return values.every((v) => v !== null && PLURAL_ENDINGS.has(v)) && values[0] !== values[1];
}

/** Every literal of `source` (TypeScript) that reads as words: [text, literals scanned]. */
function wordsIn(file: string, source: string): { found: Found[]; scanned: number } {
  const js = transformSync(source, { loader: 'ts', format: 'esm', target: 'es2022' }).code;
  const vocabulary = VOCABULARY_FILES.has(file);
  const found: Found[] = [];
  let scanned = 0;
  const visit = (node: AnyNode, parent: AnyNode | null) => {
    let text: string | null = null;
    if (node.type === 'Literal' && typeof node.value === 'string') text = node.value;
    else if (node.type === 'TemplateLiteral')
      text = (node.quasis as { value: { cooked: string } }[]).map((q) => q.value.cooked).join('{}');
    if (text !== null && !isLeftOutByPlace(node, parent, vocabulary)) {
      scanned++;
      if (TWO_WORDS.test(readable(text))) found.push({ file, text });
    }
    if (isEnglishPlural(node)) found.push({ file, text: ENGLISH_PLURAL });
    for (const [key, value] of Object.entries(node)) {
      if (key === 'quasis') continue;
      if (Array.isArray(value)) for (const child of value) if (isNode(child)) visit(child, node);
      if (isNode(value)) visit(value, node);
    }
  };
  visit(parse(js, { ecmaVersion: 'latest', sourceType: 'module' }) as unknown as AnyNode, null);
  return { found, scanned };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('English outside the catalogues', () => {
  it('the scanner finds sentences in code and leaves out what is not shown', () => {
    const sample = `
      import { BRAND } from '../shared/brand words';
      import type { Thing } from './some module';
      type Kind = 'gave up' | 'too large';
      const a = \`Exported from \${BRAND.serviceName} on \${at}; not importable as is: \${why}.\`;
      const b = ok ? 'nothing new to import.' : \`\${BRAND.serviceName} rejected this contact\`;
      const c = t('details.failed', { reason, at });
      const d = { 'two words': 1, key: 'Ready' };
      const e = new RegExp('Imported into (\\\\d+) on');
      console.warn(\`Sheet \${id} could not be read\`);
      if (!x) throw new Error('not an object');
      const h = Utilities.formatDate(now, zone, 'yyyy-MM-dd HH:mm');
      const css = \`button{margin:0 4px;color:\${colour};font:inherit}\`;
      const f = '<div class="a b"></div>';
      const g = ['opted in', 'opt in'];
      const p = \`\${n} tag\${n === 1 ? '' : 's'}\`;
      const q = n === 1 ? 'one' : 'other';
    `;
    const { found, scanned } = wordsIn('server/sample.ts', sample);
    expect(found.map((f) => f.text)).toEqual([
      'Exported from {} on {}; not importable as is: {}.',
      'nothing new to import.',
      '{} rejected this contact',
      'opted in',
      'opt in',
      ENGLISH_PLURAL,
    ]);
    expect(scanned).toBeGreaterThanOrEqual(10);
    // In a file of words read from sheets, a list of strings is vocabulary, not output.
    expect(wordsIn('core/consent.ts', "const g = ['opted in', 'opt in'];").found).toEqual([]);
  });

  it('no source file of src/ but the catalogues writes an English sentence', () => {
    let scanned = 0;
    const found: Found[] = [];
    for (const path of sourceFiles(SRC)) {
      const file = relative(SRC, path).split('\\').join('/');
      if (file in FILES_LEFT_OUT) continue;
      const result = wordsIn(file, readFileSync(path, 'utf8'));
      scanned += result.scanned;
      found.push(...result.found);
    }
    // The scan reads the whole source: thousands of literals, not a handful.
    expect(scanned).toBeGreaterThan(1500);
    const leftOut = (f: Found) => LITERALS_LEFT_OUT.some((l) => l.file === f.file && l.text === f.text);
    expect(found.filter((f) => !leftOut(f))).toEqual([]);
    // Every exception is still needed: one that no longer matches anything must go.
    const stale = LITERALS_LEFT_OUT.filter((l) => !found.some((f) => f.file === l.file && f.text === l.text));
    expect(stale).toEqual([]);
  });
});
