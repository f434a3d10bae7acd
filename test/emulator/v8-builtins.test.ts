import { describe, expect, it } from 'vitest';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

const MISSING = [
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

describe('built-ins Apps Script V8 lacks', () => {
  it('are not defined in the bundle’s global object', () => {
    const e = emulate(`function probe(names) {
      return names.map(function (name) { return typeof globalThis[name]; });
    }`);
    expect(e.run('probe', MISSING)).toEqual(MISSING.map(() => 'undefined'));
  });

  it('make a bundle that uses one fail at run time', () => {
    const e = emulate(`
      function host() { return new URL('https://api-v7.express-chat.com/x').host; }
      function money() { return new Intl.NumberFormat('en-IN').format(1234); }`);
    expect(() => e.run('host')).toThrow('URL is not defined');
    expect(() => e.run('money')).toThrow('Intl is not defined');
  });
});
