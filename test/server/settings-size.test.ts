/**
 * A per-sheet mapping larger than PropertiesService's 9 KB per value ("Argument too large"):
 * saved from the sidebar in pieces, read back whole, and stale pieces removed.
 */
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/contracts';
import { loadSheet, SHEET, saveToken, useAddOnUnderTest } from '../../tools/harness';

const t = useAddOnUnderTest();

const call = <T>(fn: string, ...args: unknown[]) => t.em.scriptRun(fn, ...args) as T;

/** 150 distinct 80-character attribute headers. */
const longHeaders = Array.from({ length: 150 }, (_, i) =>
  `Attribute ${String(i).padStart(3, '0')} — ${'customer lifetime value and campaign notes '.repeat(2)}`.slice(
    0,
    80,
  ),
);

describe('saving a mapping larger than one property value', () => {
  it('150 attribute columns with 80-character headers are saved from the sidebar and read back', () => {
    loadSheet(t.em, [
      ['Name', 'Phone', ...longHeaders],
      ['Amy', "'+91 9876543210", ...longHeaders.map(() => 'x')],
    ]);
    saveToken(t.em);
    const key = `bp.sheet.${t.em.spreadsheet.requireSheet(SHEET).sheetId}`;
    const mapping = { fields: { name: 'Name', phone: 'Phone' }, attributes: longHeaders };
    expect(longHeaders.every((h) => h.length === 80)).toBe(true);
    expect(new Set(longHeaders).size).toBe(150);

    // Too big for one value: the emulator refuses a setProperty over 9 KB with "Argument too
    // large" (test/emulator/properties.test.ts), so a single-value save would throw here.
    expect(Buffer.byteLength(JSON.stringify({ mapping }))).toBeGreaterThan(9 * 1024);

    const saved = call<SettingsView>('saveSettings', { mapping, defaultTags: ['vip'] });
    expect(saved.mapping).toEqual(mapping);
    const stored = t.em.properties.document.toObject();
    expect(stored[key]).toMatch(/^\{"pieces":\d+\}$/);
    const pieces = Number(/\d+/.exec(stored[key])![0]);
    expect(pieces).toBeGreaterThan(1);
    for (let n = 1; n <= pieces; n++)
      expect(Buffer.byteLength(stored[`${key}.${n}`])).toBeLessThanOrEqual(9 * 1024);

    // Read back in a new execution, exactly as saved.
    const view = call<SettingsView>('getSettings');
    expect(view.mapping).toEqual(mapping);
    expect(view.defaultTags).toEqual(['vip']);

    // A smaller mapping later: one value again, and no piece left behind.
    const small = { fields: { name: 'Name', phone: 'Phone' }, attributes: longHeaders.slice(0, 3) };
    expect(call<SettingsView>('saveSettings', { mapping: small }).mapping).toEqual(small);
    const after = t.em.properties.document.toObject();
    expect(Object.keys(after).filter((k) => k.startsWith(`${key}.`))).toEqual([]);
    expect(JSON.parse(after[key]).mapping).toEqual(small);
    expect(call<SettingsView>('getSettings').defaultTags).toEqual(['vip']);
  });
});
