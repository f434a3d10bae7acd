import { describe, expect, it } from 'vitest';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

describe('Range.setValue / setValues input semantics', () => {
  it('stores a string starting with = as a formula', () => {
    const e = emulate(
      `function write() { SpreadsheetApp.getActiveSheet().getRange('A1').setValue('=SUM(1,2)'); }`,
    );
    e.run('write');
    expect(e.user.getFormulas('Sheet1', 'A1')).toEqual([['=SUM(1,2)']]);
  });

  it('turns numeric-looking strings into numbers, dropping leading zeros, unless the format is @', () => {
    const e = emulate(`function write() {
      var sheet = SpreadsheetApp.getActiveSheet();
      sheet.getRange('B1').setNumberFormat('@');
      sheet.getRange('A1:C1').setValues([['09876', '09876', "'09876"]]);
    }`);
    e.run('write');
    expect(e.user.getValues('Sheet1', 'A1:C1')).toEqual([[9876, '09876', '09876']]);
  });

  it("stores '+' strings that are not numbers as formulas (strict choice)", () => {
    const e = emulate(
      `function write() { SpreadsheetApp.getActiveSheet().getRange('A1:B1').setValues([['+91 98765 43210', '+919876543210']]); }`,
    );
    e.run('write');
    expect(e.user.getFormulas('Sheet1', 'A1:B1')).toEqual([['=+91 98765 43210', '']]);
    expect(e.user.getValues('Sheet1', 'A1:B1')).toEqual([['#ERROR!', 919876543210]]);
  });

  it("throws Apps Script's error when the data does not match the range", () => {
    const e = emulate(
      `function write() { SpreadsheetApp.getActiveSheet().getRange(1, 1, 2, 2).setValues([[1, 2, 3], [4, 5, 6]]); }`,
    );
    expect(() => e.run('write')).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 3 but the range has 2.',
    );
  });
});

describe('Range reads', () => {
  it('displays a 12-digit number in an Automatic cell in scientific notation', () => {
    const e = emulate(
      `function read() { return SpreadsheetApp.getActiveSheet().getRange('A1:B1').getDisplayValues(); }`,
    );
    e.user.setValues('Sheet1', 'A1:B1', [[919876543210, 98765432101]]);
    expect(e.run('read')).toEqual([['9.19877E+11', '98765432101']]);
  });

  it('hands the bundle Dates of its own realm (instanceof Date works)', () => {
    const e = emulate(`function check() {
      var v = SpreadsheetApp.getActiveSheet().getRange('A1:B1').getValues();
      return [v instanceof Array, v[0][0] instanceof Date, v[0][0].getTime(), typeof v[0][1]];
    }`);
    e.user.setValues('Sheet1', 'A1:B1', [[new Date(Date.UTC(2024, 0, 2)), 5]]);
    expect(e.run('check')).toEqual([true, true, Date.UTC(2024, 0, 2), 'number']);
  });

  it('returns every selected range from getActiveRangeList', () => {
    const e = emulate(`function selection() {
      return SpreadsheetApp.getActiveSpreadsheet().getActiveRangeList().getRanges().map(function (r) { return r.getA1Notation(); });
    }`);
    e.user.select('Sheet1', ['A2:C3', 'A7:C7', 'B10']);
    expect(e.run('selection')).toEqual(['A2:C3', 'A7:C7', 'B10']);
  });

  it('reports rows hidden by a filter, and no filter when none exists', () => {
    const e = emulate(`function hidden() {
      var sheet = SpreadsheetApp.getActiveSheet();
      if (!sheet.getFilter()) return null;
      return [2, 3, 4].map(function (row) { return sheet.isRowHiddenByFilter(row); }).concat([sheet.getFilter().getRange().getA1Notation()]);
    }`);
    expect(e.run('hidden')).toBeNull();
    e.user.setValues('Sheet1', 'A1:A4', [['name'], ['amy'], ['bob'], ['cy']]);
    e.user.createFilter('Sheet1', 'A1:C4', { A: { hiddenValues: ['bob'] } });
    expect(e.run('hidden')).toEqual([false, true, false, 'A1:C4']);
  });
});

describe('service-call hooks', () => {
  it('lets a human sort between two service calls, so positional writes land on other rows', () => {
    const e = emulate(`function mark() {
      var sheet = SpreadsheetApp.getActiveSheet();
      var names = sheet.getRange('A2:A3').getValues();
      sheet.getRange('B2:B3').setValues(names.map(function (r) { return ['done ' + r[0]]; }));
    }`);
    e.user.setValues('Sheet1', 'A1:A3', [['name'], ['zed'], ['amy']]);
    const stop = e.onServiceCall(({ kind, phase }) => {
      if (kind === 'Range.getValues' && phase === 'after')
        e.user.sortRows('Sheet1', { column: 1, startRow: 2 });
    });
    e.run('mark');
    stop();
    expect(e.user.getValues('Sheet1', 'A2:B3')).toEqual([
      ['amy', 'done zed'],
      ['zed', 'done amy'],
    ]);
    expect(e.counters['Range.getValues']).toBe(1);
    expect(e.counters['Range.setValues']).toBe(1);
  });
});

describe('UI', () => {
  it('records menus and answers alerts from the scripted queue', () => {
    const e = emulate(`function onOpen(e) {
      SpreadsheetApp.getUi().createAddonMenu().addItem('Import', 'importRows').addSeparator().addToUi();
    }
    function confirm() {
      var ui = SpreadsheetApp.getUi();
      return ui.alert('Sure?', 'Import 3 rows', ui.ButtonSet.YES_NO) === ui.Button.NO;
    }`);
    e.runWithEvent('onOpen', { authMode: 'NONE' });
    expect(e.ui.menus[0].items).toEqual([
      { caption: 'Import', functionName: 'importRows' },
      { separator: true },
    ]);
    e.ui.answer('NO');
    expect(e.run('confirm')).toBe(true);
    expect(e.ui.alerts[0]).toMatchObject({ title: 'Sure?', prompt: 'Import 3 rows', answer: 'NO' });
  });
});

describe('Sheet.setColumnWidth / getColumnWidth', () => {
  it('stores widths per column (default 100), counts each call, and moves widths with inserted columns', () => {
    const e = emulate(`function widen() {
      var sheet = SpreadsheetApp.getActiveSheet();
      sheet.setColumnWidth(2, 240);
      sheet.insertColumnsAfter(1, 2);
      return [sheet.getColumnWidth(1), sheet.getColumnWidth(2), sheet.getColumnWidth(4)];
    }
    function outside() { SpreadsheetApp.getActiveSheet().setColumnWidth(500, 10); }`);
    expect(e.run('widen')).toEqual([100, 100, 240]);
    expect(e.counters['Sheet.setColumnWidth']).toBe(1);
    expect(e.counters['Sheet.getColumnWidth']).toBe(3);
    expect(() => e.run('outside')).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
  });
});
