/**
 * Every export in tools/fixtures/exports imported on the first click, on the shipped bundle: the
 * file is read as the tool wrote it (delimiter, BOM, UTF-16), its cells typed into the emulator's
 * sheet the way Sheets stores them ("+91…" becomes a formula showing #ERROR!, digits become
 * numbers, dates become dates), then Import selected rows; the right name, number and email reach
 * the mock.
 */
import { describe, expect, it } from 'vitest';
import { decodeFile, parseDelimited } from '../../tools/fixtures/exports/csv';
import { EXPORT_FORMATS, exportFile } from '../../tools/fixtures/exports/index';
import { columnLetter, loadSheet, SHEET, saveToken, statuses, useAddOnUnderTest } from '../../tools/harness';

const t = useAddOnUnderTest();

describe.each(EXPORT_FORMATS)('$tool', (format) => {
  it('imports every row on the first click with the right name, number and email', async () => {
    const rows = parseDelimited(decodeFile(exportFile(format)));
    loadSheet(t.em, rows);
    saveToken(t.em);
    if (format.defaultCountry) t.em.scriptRun('saveSettings', { defaultCountry: format.defaultCountry });
    t.em.user.select(SHEET, [`A1:${columnLetter(rows[0].length)}${rows.length}`]);
    t.em.run('menuImportSelected');

    const written = statuses(t.em);
    expect(written.map((r) => r.status)).toEqual(format.contacts.map(() => 'Imported'));
    const contacts = (await t.mock.contacts()).map((c) => ({
      name: c.name,
      phone: c.prefix + c.number,
      email: c.email,
    }));
    expect(contacts.sort((a, b) => a.phone.localeCompare(b.phone))).toEqual(
      [...format.contacts].sort((a, b) => a.phone.localeCompare(b.phone)),
    );
    // Nothing Sheets shows for a failed formula reaches BotPenguin.
    expect(JSON.stringify(await t.mock.contacts())).not.toMatch(/#(?:ERROR!|N\/A|REF!|VALUE!)/);
  });
});
