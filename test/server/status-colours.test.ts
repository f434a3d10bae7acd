/**
 * Readable statuses, measured on the conditional-format rules the bundle creates in the emulator:
 * every fill differs from every other and from white by a visible amount, and Sheets' default
 * black text on each keeps WCAG AA contrast. The status columns are widened once, on creation.
 */
import { describe, expect, it } from 'vitest';
import { contactRows, HEADERS, loadSheet, SHEET, saveToken, useAddOnUnderTest } from '../../tools/harness';
import { contrastRatio, deltaE } from '../support/colour';

const t = useAddOnUnderTest();

const SHEETS_DEFAULT_TEXT = '#000000';
const WHITE = '#ffffff';
const MIN_CONTRAST = 4.5;
const MIN_DELTA_E = 15;

function createdFills(): Map<string, string> {
  loadSheet(t.em, [HEADERS, ...contactRows(2)]);
  saveToken(t.em);
  t.em.user.select(SHEET, ['A2:D3']);
  t.em.run('menuValidateSelected');
  const rules = t.em.spreadsheet.requireSheet(SHEET).conditionalRules;
  return new Map(rules.map((rule) => [rule.text, String(rule.background).toLowerCase()]));
}

describe('status colours', () => {
  it('the helpers measure what WCAG and CIE76 say', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(deltaE('#ffffff', '#ffffff')).toBe(0);
    // The old Invalid/Failed pair: the same fill.
    expect(deltaE('#fce8e6', '#fce8e6')).toBe(0);
  });

  it('gives each of the eleven statuses its own fill, with black text at ≥ 4.5:1', () => {
    const fills = createdFills();
    expect([...fills.keys()].sort()).toEqual([
      'Failed',
      'Imported',
      'Invalid',
      'Not removed',
      'Opt-out tagged',
      'Opted out',
      'Phone changed',
      'Queued',
      'Removed',
      'Skipped',
      'Valid',
    ]);
    const ratios = Object.fromEntries(
      [...fills].map(([word, fill]) => [word, Number(contrastRatio(SHEETS_DEFAULT_TEXT, fill).toFixed(2))]),
    );
    // The figures README.md states.
    expect(ratios).toEqual({
      Imported: 13.27,
      Valid: 11.6,
      Invalid: 14.05,
      Failed: 9.51,
      Skipped: 13.08,
      Queued: 16.92,
      'Phone changed': 10.02,
      'Opted out': 11.5,
      Removed: 7.37,
      'Opt-out tagged': 7.77,
      'Not removed': 7.27,
    });
    for (const [word, ratio] of Object.entries(ratios))
      expect(ratio, word).toBeGreaterThanOrEqual(MIN_CONTRAST);
  });

  it('keeps every two fills, and every fill and white, at least ΔE 15 apart', () => {
    const fills = [...createdFills()];
    const distances: [string, number][] = [];
    for (const [i, [word, fill]] of fills.entries()) {
      distances.push([`${word}/white`, deltaE(fill, WHITE)]);
      for (const [other, otherFill] of fills.slice(i + 1))
        distances.push([`${word}/${other}`, deltaE(fill, otherFill)]);
    }
    const [closestPair, smallest] = distances.reduce((a, b) => (b[1] < a[1] ? b : a));
    expect({ closestPair, smallest: Number(smallest.toFixed(1)) }).toEqual({
      closestPair: 'Removed/Opt-out tagged',
      smallest: 16.8,
    });
    for (const [pair, distance] of distances) expect(distance, pair).toBeGreaterThanOrEqual(MIN_DELTA_E);
  });
});

describe('status column widths', () => {
  it('widens the two new columns once, when it creates them, and leaves widths alone after', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(2)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D3']);
    t.em.resetCounters();
    t.em.run('menuImportSelected');
    expect(t.em.counters['Sheet.setColumnWidth']).toBe(2);
    const model = t.em.spreadsheet.requireSheet(SHEET);
    expect([model.columnWidth(5), model.columnWidth(6)]).toEqual([140, 340]);
    expect(model.columnWidth(4)).toBe(100);

    // A user narrows the details column; the next import keeps their width.
    model.columnWidths.set(6, 120);
    t.em.resetCounters();
    t.em.run('menuImportAll');
    expect(t.em.counters['Sheet.setColumnWidth'] ?? 0).toBe(0);
    expect(model.columnWidth(6)).toBe(120);
  });
});
