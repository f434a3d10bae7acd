/**
 * Contacts you can trust, end to end on the shipped bundle against the mock: no guessed country,
 * the number as sent on every row, opt-in, bad emails, and re-imports that never create a wrong
 * contact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SelectionPreview, SettingsView } from '../../src/shared/contracts';
import { loadSheet, SHEET, saveToken, statuses, useAddOnUnderTest } from '../../tools/harness';

const t = useAddOnUnderTest();
const call = <T>(fn: string, ...args: unknown[]) => t.em.scriptRun(fn, ...args) as T;
const numbersInMock = async () => (await t.mock.contacts()).map((c) => c.prefix + c.number).sort();

function sheet(headers: string[], rows: unknown[][]): void {
  loadSheet(t.em, [headers, ...rows]);
  saveToken(t.em);
  const lastColumn = String.fromCharCode(64 + headers.length);
  t.em.user.select(SHEET, [`A2:${lastColumn}${rows.length + 1}`]);
}

describe('one reading or none', () => {
  it('US numbers typed without +, no country anywhere: 11 digits read from the leading digits, 10 digits refused', async () => {
    sheet(
      ['Name', 'Phone'],
      [
        ['Ann', 12015551492],
        ['Bob', 2015558094],
      ],
    );
    t.em.run('menuImportSelected');
    const [ann, bob] = statuses(t.em);
    expect(ann.status).toBe('Imported');
    expect(ann.details).toMatch(
      /^Imported \d{4}-\d\d-\d\d \d\d:\d\d as \+1 201 555 1492 \(United States, country read from the leading digits\) · ref [0-9a-f]+$/,
    );
    expect(bob.status).toBe('Invalid');
    expect(bob.details).toContain('no country code');
    expect(await numbersInMock()).toEqual(['12015551492']);
  });

  it('two credible readings: Invalid, naming both', async () => {
    sheet(['Name', 'Phone'], [['Ann', 12015551492]]);
    call('saveSettings', { defaultCountry: 'IN' });
    // 12015551492 is not a valid Indian number, so it stays +1; a number valid both ways is refused.
    t.em.user.setValues(SHEET, 'B2', [[919876543210]]);
    call('saveSettings', { defaultCountry: 'US' });
    t.em.run('menuImportSelected');
    const [row] = statuses(t.em);
    expect(row.status).toBe('Imported');
    expect(row.details).toContain('+91 98765 43210 (India, country read from the leading digits)');
    t.em.user.setValues(SHEET, 'B2', [['4915123456789']]);
    t.em.user.setValues(SHEET, 'C2:D2', [['', '']]);
    call('saveSettings', { defaultCountry: 'DE' });
    t.em.run('menuImportSelected');
    const [again] = statuses(t.em);
    expect(again.status).toBe('Invalid');
    expect(again.details).toMatch(/reads two ways, \+49 .* or \+49 .*— add \+ and the country code/);
  });

  it('changing the default country never re-sends an imported row as another number', async () => {
    sheet(
      ['Name', 'Phone'],
      [
        ['Ann', 12015551492],
        ['Bob', 2015558094],
      ],
    );
    call('saveSettings', { defaultCountry: 'US' });
    t.em.run('menuImportSelected');
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Imported', 'Imported']);
    expect(statuses(t.em)[1].details).toContain(
      "+1 201 555 8094 (United States, country from the sheet's default)",
    );
    const before = await numbersInMock();

    call('saveSettings', { defaultCountry: 'IN' });
    const preview = call<SelectionPreview>('previewSelection');
    // Ann now reads two ways (+1 … or +91 … in India): Invalid, her import kept on record.
    expect(preview).toMatchObject({ ready: 0, invalid: 1, phoneChanged: 1 });
    t.em.run('menuImportSelected');
    t.em.run('menuImportAll');
    t.em.run('menuRetryFailed');
    expect(await numbersInMock()).toEqual(before);
    const ann = statuses(t.em)[0];
    expect(ann.status).toBe('Invalid');
    expect(ann.details).toMatch(/reads two ways.* · last Imported .* as \+1 201 555 1492/);
    const bob = statuses(t.em)[1];
    expect(bob.status).toBe('Phone changed');
    expect(bob.details).toMatch(
      /^Phone changed since import: was \+1 201 555 8094, now \+91 .* — use Re-send to import it as a new contact · last Imported .* as \+1 201 555 8094/,
    );

    // Re-send is the explicit way to import it as the new number.
    t.em.user.select(SHEET, ['A3:B3']);
    t.em.run('menuForceImportSelected');
    expect(statuses(t.em)[1].status).toBe('Imported');
    expect(await numbersInMock()).toEqual([...before, '912015558094'].sort());
  });

  it('property: across any two default countries, no Imported row reaches the mock as a new number without Re-send', async () => {
    const regions = ['US', 'IN', 'GB', 'DE', 'BR', 'MX', 'FR', null] as const;
    const digits = fc.stringMatching(/^[1-9]\d{6,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(digits, { minLength: 3, maxLength: 8 }),
        fc.constantFrom(...regions),
        fc.constantFrom(...regions),
        async (phones, first, second) => {
          await t.mock.reset();
          sheet(
            ['Name', 'Phone'],
            phones.map((p, i) => [`P${i}`, p]),
          );
          call('saveSettings', { defaultCountry: first });
          t.em.run('menuImportAll');
          const imported = statuses(t.em).map((r) => r.status === 'Imported');
          const before = new Set(await numbersInMock());
          call('saveSettings', { defaultCountry: second });
          t.em.run('menuImportAll');
          const after = statuses(t.em);
          // Every new number in the mock belongs to a row that was not imported before.
          const added = (await numbersInMock()).filter((n) => !before.has(n));
          const fromNewRows = after
            .filter((r, i) => !imported[i] && r.status === 'Imported')
            .map((r) => /as (\+[\d ]+)/.exec(r.details)![1].replace(/\D/g, ''));
          for (const n of added) expect(fromNewRows).toContain(n);
          // And every Imported row's Details names exactly a number the mock holds.
          const held = new Set(await numbersInMock());
          for (const r of after.filter((x) => x.status === 'Imported')) {
            expect(held.has(/as (\+[\d ]+)/.exec(r.details)![1].replace(/\D/g, ''))).toBe(true);
          }
        },
      ),
      { numRuns: 12, seed: 20261125 },
    );
  });
});

describe('opt-in', () => {
  it('rows whose opt-in says no are Skipped and the column is not sent; blank means no unless set otherwise', async () => {
    sheet(
      ['Name', 'Phone', 'Opted In', 'City'],
      [
        ['Yes', '+919876500001', true, 'Pune'],
        ['False', '+919876500002', false, 'Pune'],
        ['Blank', '+919876500003', '', 'Pune'],
        ['No', '+919876500004', 'No', 'Pune'],
        ['Sí', '+919876500005', 'Sí', 'Pune'],
        ['Non', '+919876500006', 'non', 'Pune'],
      ],
    );
    const preview = call<SelectionPreview>('previewSelection');
    expect(preview).toMatchObject({ ready: 2, noConsent: 4 });
    t.em.run('menuImportSelected');
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual([
      'Imported',
      'Skipped',
      'Skipped',
      'Skipped',
      'Imported',
      'Skipped',
    ]);
    expect(rows[1].details).toMatch(/opt-in/i);
    const contacts = await t.mock.contacts();
    expect(contacts.map((c) => c.number).sort()).toEqual(['9876500001', '9876500005']);
    expect(contacts.every((c) => c.attributes.every((a) => a.key === 'City'))).toBe(true);

    const view = call<SettingsView>('saveSettings', { blankConsentMeans: 'yes' });
    expect(view.blankConsentMeans).toBe('yes');
    t.em.run('menuImportSelected');
    expect(statuses(t.em)[2].status).toBe('Imported');
    expect(statuses(t.em)[1].status).toBe('Skipped');
  });
});

describe('bad emails', () => {
  it('left out by default with a note; Invalid when the sheet asks for clean emails', async () => {
    sheet(
      ['Name', 'Phone', 'Email'],
      [
        ['Karl', '+919876500010', 'karl@'],
        ['Lea', '+919876500011', 'lea@example.com'],
      ],
    );
    t.em.run('menuImportSelected');
    const [karl] = statuses(t.em);
    expect(karl.status).toBe('Imported');
    expect(karl.details).toContain("Email 'karl@' left out");
    expect((await t.mock.contacts()).find((c) => c.number === '9876500010')?.email).toBe('');

    await t.mock.reset();
    t.em.user.setValues(SHEET, 'D2:E3', [
      ['', ''],
      ['', ''],
    ]);
    call('saveSettings', { invalidEmail: 'reject' });
    t.em.run('menuImportSelected');
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Invalid', 'Imported']);
    expect(await numbersInMock()).toEqual(['919876500011']);
  });
});

describe('a failed re-send keeps the history', () => {
  it('a forced re-send that fails says so and still says when and as which number it was imported; Retry finishes it', async () => {
    sheet(['Name', 'Phone'], [['Asha', "'+919876543210"]]);
    t.em.run('menuImportSelected');
    const first = statuses(t.em)[0].details;
    const record = /^Imported .* · ref [0-9a-f]+/.exec(first)![0];

    await t.mock.configure({
      faults: [{ match: { path: '/inbox/users/import' }, effect: { kind: 'status', status: 500 } }],
    });
    t.em.run('menuForceImportSelected');
    const failed = statuses(t.em)[0];
    expect(failed.status).toBe('Failed');
    expect(failed.details).toContain(`last ${record}`);

    // A rejected token during a re-send puts the row back to Imported with its record.
    await t.mock.configure({
      faults: [{ match: { path: '/inbox/users/import' }, effect: { kind: 'status', status: 401 } }],
    });
    t.em.run('menuRetryFailed');
    expect(statuses(t.em)[0].status).toBe('Failed');
    expect(statuses(t.em)[0].details).toContain(`last ${record}`);

    await t.mock.configure({ faults: [] });
    t.em.run('menuRetryFailed');
    const done = statuses(t.em)[0];
    expect(done.status).toBe('Imported');
    expect(done.details).toMatch(/^Imported .* as \+91 98765 43210 \(India\) · ref [0-9a-f]+$/);
  });

  it('rows of a forced re-send never tried because the token was rejected stay Imported with their record', async () => {
    sheet(
      ['Name', 'Phone'],
      Array.from({ length: 600 }, (_, i) => [`C${i}`, `+9198${String(i).padStart(8, '0')}`]),
    );
    t.em.run('menuImportSelected');
    const before = statuses(t.em).map((r) => r.details);
    await t.mock.configure({
      faults: [{ match: { path: '/inbox/users/import', nth: 7 }, effect: { kind: 'status', status: 401 } }],
    });
    call('saveSettings', { parallelRequests: 1 });
    t.em.run('menuForceImportSelected');
    const after = statuses(t.em);
    expect(after.filter((r) => r.status === 'Failed')).toHaveLength(100);
    expect(after.slice(100).every((r, i) => r.status === 'Imported' && r.details === before[100 + i])).toBe(
      true,
    );
  });
});
