import { describe, expect, it } from 'vitest';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

describe('PropertiesService limits', () => {
  it('refuses a value over 9 KB and keeps the old value', () => {
    const e = emulate(
      `function save(size) { PropertiesService.getUserProperties().setProperty('k', new Array(size + 1).join('x')); }`,
    );
    e.run('save', 9 * 1024);
    expect(() => e.run('save', 9 * 1024 + 1)).toThrow('Argument too large: value');
    expect(e.properties.user.get('k')?.length).toBe(9 * 1024);
  });

  it('refuses writes that would take a store past 500 KB', () => {
    const e = emulate(`function fill() {
      var props = PropertiesService.getScriptProperties();
      for (var i = 0; i < 60; i++) props.setProperty('key' + i, new Array(9000).join('y'));
    }`);
    expect(() => e.run('fill')).toThrow('You have exceeded the property storage quota');
    expect(e.properties.script.sizeBytes()).toBeLessThanOrEqual(500 * 1024);
  });
});

describe('execution time limit', () => {
  it('throws on the first service call after 6 virtual minutes, even if the bundle catches it', () => {
    const e = emulate(`function slow() {
      var calls = 0;
      try {
        for (;;) { Utilities.sleep(60000); calls++; }
      } catch (err) { return calls; }
    }`);
    expect(() => e.run('slow')).toThrow('Exceeded maximum execution time');
    expect(e.executions[0].elapsedMs).toBeGreaterThan(360000);
    expect(e.executions[0].error).toContain('Exceeded maximum execution time');
  });

  it('ends a killed execution with the time-limit error even when the script throws its own', () => {
    // The script catches the kill and throws another error: Apps Script has already ended it.
    const e = emulate(`function slow() {
      try { for (;;) Utilities.sleep(60000); }
      catch (err) { throw new Error('my own sentence'); }
    }`);
    expect(() => e.run('slow')).toThrow('Exceeded maximum execution time');
    expect(e.executions[0].error).toContain('Exceeded maximum execution time');
  });

  it('gives each run a fresh budget', () => {
    // cpuFactor 0: the exact gap must not include this machine's CPU time between the runs.
    const e = emulate(`function wait() { Utilities.sleep(300000); return Date.now(); }`, { cpuFactor: 0 });
    const first = e.run('wait') as number;
    const second = e.run('wait') as number;
    expect(second - first).toBe(300000);
  });

  it('charges fixed plus per-cell cost for reads and nothing for plain JS when cpuFactor is 0', () => {
    const e = emulate(
      `function read() { for (var i = 0, s = 0; i < 1e5; i++) s += i; SpreadsheetApp.getActiveSheet().getRange(1, 1, 100, 10).getValues(); }`,
      // cpuFactor 0: the exact total below must not depend on this machine's CPU time.
      { cpuFactor: 0, latency: { sheetReadBaseMs: 40, sheetReadPerCellMs: 0.5, sheetMetadataMs: 0 } },
    );
    e.run('read');
    expect(e.executions[0].elapsedMs).toBe(40 + 1000 * 0.5);
  });
});

describe('google.script.run semantics (scriptRun)', () => {
  const source = `
    function echo(x) { return x; }
    function today() { return new Date(); }
    function secret_() { return 'hidden'; }`;

  it('refuses functions whose names end in _ and unknown functions', () => {
    const e = emulate(source);
    expect(() => e.scriptRun('secret_')).toThrow('google.script.run.secret_ is not a function');
    expect(() => e.scriptRun('nope')).toThrow('is not a function');
    expect(e.executions).toHaveLength(0);
  });

  it('refuses Dates and functions as arguments, and a Date as return value', () => {
    const e = emulate(source);
    expect(() => e.scriptRun('echo', new Date())).toThrow('illegal value');
    expect(() => e.scriptRun('echo', { f: () => 1 })).toThrow('illegal value');
    expect(() => e.scriptRun('today')).toThrow('illegal value in returned property');
  });

  it('passes plain data as deep copies and turns undefined in arrays into null', () => {
    const e = emulate(source);
    const input = { a: [1, undefined, 'x'], b: { c: true } };
    const output = e.scriptRun('echo', input);
    expect(output).toEqual({ a: [1, null, 'x'], b: { c: true } });
    expect(output).not.toBe(input);
  });
});

describe('CacheService', () => {
  it('expires entries on the virtual clock (default 600 s)', () => {
    const e = emulate(`function put() { CacheService.getUserCache().put('k', 'v'); }
      function get() { return CacheService.getUserCache().get('k'); }`);
    e.run('put');
    e.clock.advance(599_000);
    expect(e.run('get')).toBe('v');
    e.clock.advance(2_000);
    expect(e.run('get')).toBeNull();
  });
});

describe('Utilities', () => {
  it('formats dates in any IANA zone with SimpleDateFormat patterns', () => {
    const e = emulate(
      `function fmt(ms) { return Utilities.formatDate(new Date(ms), 'Asia/Kolkata', "yyyy-MM-dd HH:mm 'IST'"); }`,
    );
    expect(e.run('fmt', Date.UTC(2024, 11, 31, 20, 0))).toBe('2025-01-01 01:30 IST');
  });

  it('returns digests as signed bytes like Java', () => {
    const e = emulate(
      `function digest() { return Utilities.computeDigest(Utilities.DigestAlgorithm.MD5, 'abc'); }`,
    );
    // md5('abc') = 90 01 50 98 3c d2 4f b0 d6 96 3f 7d 28 e1 7f 72
    expect((e.run('digest') as number[]).slice(0, 4)).toEqual([-112, 1, 80, -104]);
  });

  it('refuses sleeps longer than 5 minutes', () => {
    const e = emulate(`function nap() { Utilities.sleep(300001); }`);
    expect(() => e.run('nap')).toThrow('Invalid argument');
  });
});

describe('ScriptApp triggers', () => {
  it('refuses a 21st trigger', () => {
    // addOn: false — an add-on may hold only one clock trigger per document (triggers.test.ts).
    const e = emulate(
      `function make() { ScriptApp.newTrigger('tick').timeBased().everyHours(1).create(); }`,
      {
        addOn: false,
      },
    );
    for (let i = 0; i < 20; i++) e.run('make');
    expect(() => e.run('make')).toThrow('This script has too many triggers');
    expect(e.triggers.list).toHaveLength(20);
  });
});

describe('sandbox', () => {
  it('exposes no Node globals to the bundle and uses the virtual clock for Date', () => {
    const e = emulate(`function probe() {
      return [typeof require, typeof process, typeof setTimeout, typeof fetch, typeof Buffer, typeof module, Date.now(), new Date().getTime()];
    }`);
    const now = e.clock.now();
    expect(e.run('probe')).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      now,
      now,
    ]);
  });
});

describe('executions', () => {
  it('evaluates the script afresh for every execution, as Apps Script does', () => {
    const e = emulate(`var calls = 0; function count() { calls += 1; return calls; }`);
    expect(e.run('count')).toBe(1);
    expect(e.run('count')).toBe(1);
    expect(e.scriptRun('count')).toBe(1);
  });
});

describe('top-level declarations', () => {
  it('lets a script with top-level const run many times', () => {
    const e = emulate(`const LIMIT = 3; let seen = 0; function next() { seen += 1; return LIMIT - seen; }`);
    expect(e.run('next')).toBe(2);
    expect(e.run('next')).toBe(2);
  });
});
