/**
 * Export from BotPenguin end to end on the shipped bundle: dist/Code.js in the emulator, real HTTP
 * to the mock's `POST /inbox/users`. Asserts the pages requested, the tab's cells, and that
 * importing the exported tab back sends nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index';
import type { RecordedRequest, SeedContact } from '../../mock-api/index';
import type { ExportProgress } from '../../src/shared/contracts';
import {
  columnLetter,
  countBy,
  emulatorFor,
  saveToken,
  statuses,
  TOKEN,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

const call = <T>(fn: string, ...args: unknown[]) => t.em.scriptRun(fn, ...args) as T;

const listRequests = async (): Promise<RecordedRequest[]> =>
  (await t.mock.requests()).filter((r) => r.path === '/inbox/users');
const importRequests = async (): Promise<RecordedRequest[]> =>
  (await t.mock.requests()).filter((r) => r.path === '/inbox/users/import');

/** The single tab whose name starts with "BotPenguin export". */
function exportTab(em: Emulator): string {
  const names = em.spreadsheet.sheets.map((s) => s.name).filter((n) => n.startsWith('BotPenguin export'));
  expect(names).toHaveLength(1);
  return names[0]!;
}

function grid(em: Emulator, sheet: string): { headers: string[]; rows: unknown[][]; formulas: string[][] } {
  const model = em.spreadsheet.requireSheet(sheet);
  const a1 = `A1:${columnLetter(model.lastColumn())}${model.lastRow()}`;
  const values = em.user.getValues(sheet, a1);
  return { headers: values[0]!.map(String), rows: values.slice(1), formulas: em.user.getFormulas(sheet, a1) };
}

/** Menu "Import all new or changed rows" on the export tab. */
function reimport(em: Emulator, sheet: string): void {
  em.user.select(sheet, ['A1']);
  em.run('menuImportAll');
}

describe('export through the sidebar functions', () => {
  it('exports 2,500 contacts over several pages and executions, then imports back sending nothing', async () => {
    await t.mock.configure({ pageSize: 250 });
    await t.mock.seedContacts({ count: 2490, tagEvery: 3, attributeEvery: 7 });
    // The last page brings a new attribute key: it becomes a new column.
    const late: SeedContact[] = Array.from({ length: 10 }, (_, i) => ({
      prefix: '44',
      number: `79111234${String(i).padStart(2, '0')}`,
      name: `Late ${i}`,
      email: '',
      tags: ['VIP', 'Newsletter'],
      attributes: [{ key: 'Plan', value: `Gold ${i}` }],
      createdAt: '2026-11-20T10:15:00.000Z',
    }));
    await t.mock.seedContacts({ contacts: late });
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 6_000 }, timeZone: 'Asia/Kolkata' }); // ~3 pages per 20 s call
    saveToken(t.em);

    let progress = call<ExportProgress>('startExport', {});
    expect(progress.state).toBe('running');
    expect(progress.sheetName).toBe('BotPenguin export 2025-01-06 14:30'); // 09:00 UTC in Kolkata
    let executions = 1;
    while (progress.state === 'running') {
      progress = call<ExportProgress>('continueExport', progress.exportId);
      executions++;
      expect(executions).toBeLessThan(20);
    }
    expect(progress.state).toBe('done');
    expect(executions).toBeGreaterThanOrEqual(3);
    expect(progress.contacts).toBe(2500);
    expect(progress.pages).toBe(10);
    expect(progress.attributeColumns).toEqual(['City', 'Plan']);
    expect(progress.message).toBe(
      'Exported 2,500 contacts from BotPenguin into the tab "BotPenguin export 2025-01-06 14:30".',
    );

    // Pages 1..11 (the 11th empty), each once, every filter field present and empty.
    const requests = await listRequests();
    expect(requests.map((r) => r.body)).toEqual(
      Array.from({ length: 11 }, (_, i) => ({ searchText: '', tags: [], segments: [], page: i + 1 })),
    );
    expect(
      requests.every(
        (r) => r.headers['authtype'] === 'Key' && r.headers['authorization'] === `Bearer ${TOKEN}`,
      ),
    ).toBe(true);

    const sheet = exportTab(t.em);
    const { headers, rows, formulas } = grid(t.em, sheet);
    expect(headers).toEqual([
      'Name',
      'Phone',
      'Email',
      'Tags',
      'City',
      'Plan',
      'Created',
      'BotPenguin id',
      'BotPenguin Status',
      'BotPenguin Details',
    ]);
    expect(rows).toHaveLength(2500);
    expect(formulas.flat().every((f) => f === '')).toBe(true);
    expect(rows[0]!.slice(0, 6)).toEqual([
      'Seeded contact 0',
      '+91 9700000000',
      'seeded.0@example.com',
      'VIP',
      'City 0',
      '',
    ]);
    expect(rows[1]!.slice(0, 6)).toEqual([
      'Seeded contact 1',
      '+91 9700000001',
      'seeded.1@example.com',
      '',
      '',
      '',
    ]);
    expect(rows[2499]!.slice(0, 6)).toEqual([
      'Late 9',
      '+44 7911123409',
      '',
      'VIP, Newsletter',
      '',
      'Gold 9',
    ]);
    expect(rows[2499]![6]).toBeInstanceOf(Date);
    expect((rows[2499]![6] as Date).toISOString()).toBe('2026-11-20T10:15:00.000Z');
    expect(t.em.user.getDisplayValues(sheet, 'G2501')[0]![0]).toBe('2026-11-20 15:45'); // Kolkata
    const ids = (await t.mock.contacts()).map((c) => c._id);
    expect(rows.map((r) => r[7])).toEqual(ids);
    expect(countBy(statuses(t.em, sheet), (r) => r.status)).toEqual({ Imported: 2500 });
    expect(statuses(t.em, sheet)[0]!.details).toMatch(
      /^Imported 2025-01-06 \d\d:\d\d as \+\d[\d ]+ \([^)]+\) · ref [0-9a-f]{6,} · exported from BotPenguin$/,
    );

    // The state of a finished export is gone; the token is nowhere in the document.
    const documentProps = JSON.stringify(t.em.properties.document.toObject());
    expect(documentProps).not.toContain('bp.export.');
    expect(JSON.stringify({ rows, logs: t.em.logs, documentProps })).not.toContain(TOKEN);

    reimport(t.em, sheet);
    expect(await importRequests()).toEqual([]);
    expect(countBy(statuses(t.em, sheet), (r) => r.status)).toEqual({ Imported: 2500 });
  });

  it('sends the tag and search filters the way BotPenguin expects them', async () => {
    await t.mock.seedContacts({ count: 30, tagEvery: 3 });
    saveToken(t.em);
    const progress = call<ExportProgress>('startExport', { tag: 'VIP', searchText: ' contact 1 ' });
    expect(progress.state).toBe('done');
    expect(progress.message).toContain('3 contacts with the tag "VIP" and matching "contact 1"');
    expect((await listRequests()).map((r) => r.body)).toEqual([
      { searchText: 'contact 1', tags: ['VIP'], segments: [], page: 1 },
      { searchText: 'contact 1', tags: ['VIP'], segments: [], page: 2 },
    ]);
    const { rows } = grid(t.em, exportTab(t.em));
    expect(rows.map((r) => r[0])).toEqual(['Seeded contact 12', 'Seeded contact 15', 'Seeded contact 18']);
  });

  it.each([
    ['plain-text cells drop a written apostrophe (the reading when unknown)', false],
    ['plain-text cells keep it, as "Check this installation" recorded', true],
  ])(
    'keeps cell text as text and imports back unchanged even when attributes look like fields: %s',
    async (_, keeps) => {
      if (keeps) {
        t.em.dispose();
        t.em = emulatorFor(t.mock, { plainTextKeepsApostrophe: true });
        t.em.properties.script.set('platformFacts', JSON.stringify({ plainTextKeepsApostrophe: true }));
      }
      // Where plain-text cells keep a written apostrophe, text starting with '=' shows it: the one
      // way the add-on knows to keep such text from becoming a formula (src/server/cell-text.ts).
      const shown = (text: string) => (keeps && text.startsWith('=') ? `'${text}` : text);
      await t.mock.seedContacts({
        contacts: [
          {
            prefix: '91',
            number: '9812345678',
            name: '=HYPERLINK("http://x")',
            email: 'odd@example.com',
            tags: ['-5', '@team'],
            attributes: [
              { key: 'WhatsApp', value: 'yes' },
              { key: 'Country', value: 'Germany' },
              { key: 'First name', value: 'Zed' },
              { key: 'Phone', value: '+1 555' },
              { key: 'Code', value: '00123' },
              { key: 'Flag', value: 'TRUE' },
              { key: 'Since', value: '2024-01-05' },
              { key: '=key', value: "'quoted" },
            ],
          },
          { prefix: '1', number: '2025550143', name: '', email: '', tags: [] },
          // BotPenguin holds it, but the add-on would not import it (not a valid UK number).
          { prefix: '44', number: '7700900109', name: 'Drama', email: '', tags: [] },
        ],
      });
      saveToken(t.em);
      expect(call<ExportProgress>('startExport', {}).state).toBe('done');
      const sheet = exportTab(t.em);
      const { headers, rows, formulas } = grid(t.em, sheet);
      expect(headers.slice(4, 12)).toEqual([
        'WhatsApp',
        'Country',
        'First name',
        'Phone (attribute)',
        'Code',
        'Flag',
        'Since',
        shown('=key'),
      ]);
      expect(formulas.flat().every((f) => f === '')).toBe(true);
      expect(rows[0]!.slice(0, 12)).toEqual([
        shown('=HYPERLINK("http://x")'),
        '+91 9812345678',
        'odd@example.com',
        '-5, @team',
        'yes',
        'Germany',
        'Zed',
        '+1 555',
        '00123',
        'TRUE',
        '2024-01-05',
        "'quoted",
      ]);
      expect(rows[1]!.slice(0, 4)).toEqual(['', '+1 2025550143', '', '']);
      expect(countBy(statuses(t.em, sheet), (r) => r.status)).toEqual({ Imported: 2, '': 1 });
      expect(statuses(t.em, sheet)[2]!.details).toMatch(
        /^Exported from BotPenguin on .*; not importable as is: Phone: \+44 7700900109 is not a valid number/,
      );

      reimport(t.em, sheet);
      expect(await importRequests()).toEqual([]);
      expect(countBy(statuses(t.em, sheet), (r) => r.status)).toEqual({ Imported: 2, Invalid: 1 });

      // The check is real: an edited row is sent, with the attributes under their own keys.
      t.em.user.setValues(sheet, 'C2', [['new@example.com']]);
      reimport(t.em, sheet);
      const sent = await importRequests();
      expect(sent.map((r) => r.profiles)).toEqual([1]);
      const details = (sent[0]!.body as { profile: { userDetails: Record<string, unknown> } }[])[0]!.profile
        .userDetails;
      expect(details['contact']).toEqual({
        email: 'new@example.com',
        phone: { number: '9812345678', prefix: '91' },
      });
      expect((details['attributes'] as { key: string }[]).map((a) => a.key)).toEqual([
        'WhatsApp',
        'Country',
        'First name',
        'Phone (attribute)',
        'Code',
        'Flag',
        'Since',
        shown('=key'),
      ]);
    },
  );

  it('retries a page after a 503 and a dropped connection', async () => {
    await t.mock.configure({
      pageSize: 5,
      faults: [
        { match: { path: '/inbox/users', nth: 2 }, effect: { kind: 'status', status: 503 } },
        { match: { path: '/inbox/users', nth: 3 }, effect: { kind: 'drop' } },
      ],
    });
    await t.mock.seedContacts({ count: 8 });
    saveToken(t.em);
    const progress = call<ExportProgress>('startExport', {});
    expect(progress.state).toBe('done');
    expect(progress.contacts).toBe(8);
    expect((await listRequests()).map((r) => [(r.body as { page: number }).page, r.status])).toEqual([
      [1, 200],
      [2, 503],
      [2, null],
      [2, 200],
      [3, 200],
    ]);
  });

  it('says what to do without a token, and creates no tab', () => {
    expect(() => call('startExport', {})).toThrow(/No BotPenguin API token is saved yet/);
    expect(t.em.spreadsheet.sheets.some((s) => s.name.startsWith('BotPenguin export'))).toBe(false);
  });
});

describe('export from the menu', () => {
  it('runs to the time budget, says how to continue, and continues on the next run', async () => {
    await t.mock.configure({ pageSize: 100 });
    await t.mock.seedContacts({ count: 450 });
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 100_000 } }); // 3 pages per 4.5-minute run
    saveToken(t.em);

    t.em.ui.answer('OK', '');
    t.em.run('menuExportContacts');
    const [prompt, paused] = t.em.ui.alerts;
    expect(prompt!.kind).toBe('prompt');
    expect(paused!.prompt).toContain('Exported 300 contacts so far into the tab "BotPenguin export');
    expect(paused!.prompt).toContain('answer Yes to continue where it stopped');
    const sheet = exportTab(t.em);
    expect(grid(t.em, sheet).rows).toHaveLength(300);

    t.em.ui.answer('YES');
    t.em.run('menuExportContacts');
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('stopped after 300 contacts. Continue it?');
    expect(t.em.ui.toasts.at(-1)!.message).toBe(
      `Exported 450 contacts from BotPenguin into the tab "${sheet}".`,
    );
    const { rows } = grid(t.em, sheet);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 450 }, (_, k) => `Seeded contact ${k}`));
    expect((await listRequests()).map((r) => (r.body as { page: number }).page)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.em.spreadsheet.sheets.filter((s) => s.name.startsWith('BotPenguin export'))).toHaveLength(1);
  });

  it('asks for a tag and exports only those contacts into a new tab each time', async () => {
    await t.mock.seedContacts({ count: 9, tagEvery: 3 });
    saveToken(t.em);
    t.em.ui.answer('OK', 'VIP');
    t.em.run('menuExportContacts');
    expect(t.em.ui.toasts.at(-1)!.message).toContain('Exported 3 contacts with the tag "VIP"');
    t.em.ui.answer('OK', '');
    t.em.run('menuExportContacts');
    const tabs = t.em.spreadsheet.sheets.map((s) => s.name).filter((n) => n.startsWith('BotPenguin export'));
    expect(tabs).toHaveLength(2);
    expect(tabs[1]).toBe(`${tabs[0]} (2)`);
    expect(grid(t.em, tabs[1]!).rows).toHaveLength(9);
    t.em.ui.answer('CANCEL');
    t.em.run('menuExportContacts');
    expect(t.em.spreadsheet.sheets.filter((s) => s.name.startsWith('BotPenguin export'))).toHaveLength(2);
  });

  it('stops when the token is rejected mid-export, then continues after the fix, then imports back nothing', async () => {
    await t.mock.configure({
      pageSize: 10,
      faults: [
        { match: { path: '/inbox/users', nth: 3 }, effect: { kind: 'status', status: 401 }, times: 1 },
      ],
    });
    await t.mock.seedContacts({ count: 35, attributeEvery: 4 });
    saveToken(t.em);
    t.em.ui.answer('OK', '');
    t.em.run('menuExportContacts');
    const stopped = t.em.ui.alerts.at(-1)!.prompt;
    expect(stopped).toContain(
      'BotPenguin rejected the API token, so the export stopped (20 contacts exported into the tab',
    );
    expect(stopped).toContain('paste a new token from BotPenguin → Developers → API Tokens');
    const sheet = exportTab(t.em);
    expect(grid(t.em, sheet).rows).toHaveLength(20);

    t.em.ui.answer('YES');
    t.em.run('menuExportContacts');
    expect(t.em.ui.toasts.at(-1)!.message).toBe(
      `Exported 35 contacts from BotPenguin into the tab "${sheet}".`,
    );
    const { rows } = grid(t.em, sheet);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 35 }, (_, k) => `Seeded contact ${k}`));
    expect((await listRequests()).map((r) => [(r.body as { page: number }).page, r.status])).toEqual([
      [1, 200],
      [2, 200],
      [3, 401],
      [3, 200],
      [4, 200],
      [5, 200],
    ]);
    expect(JSON.stringify({ logs: t.em.logs, alerts: t.em.ui.alerts })).not.toContain(TOKEN);

    reimport(t.em, sheet);
    expect(await importRequests()).toEqual([]);
    expect(countBy(statuses(t.em, sheet), (r) => r.status)).toEqual({ Imported: 35 });
  });

  it('forgets an export whose tab was deleted', async () => {
    await t.mock.configure({
      pageSize: 5,
      faults: [{ match: { path: '/inbox/users', nth: [2, 4] }, effect: { kind: 'status', status: 401 } }],
    });
    await t.mock.seedContacts({ count: 12 });
    saveToken(t.em);
    // The user deletes the tab (the emulator's user has no deleteSheet: drop it from the model).
    const deleteTab = (name: string): void => {
      const model = t.em.spreadsheet;
      model.sheets.splice(
        model.sheets.findIndex((s) => s.name === name),
        1,
      );
      model.activeSheetName = model.sheets[0]!.name;
    };

    const first = call<ExportProgress>('startExport', {});
    expect([first.state, first.contacts]).toEqual(['stopped', 5]);
    deleteTab(first.sheetName);
    expect(() => call('continueExport', first.exportId)).toThrow(
      `The tab "${first.sheetName}" this export was writing to was deleted, so the export stopped. Start a new export.`,
    );
    expect(() => call('continueExport', first.exportId)).toThrow(/already finished/);

    const second = call<ExportProgress>('startExport', {});
    expect([second.state, second.contacts]).toEqual(['stopped', 5]);
    deleteTab(second.sheetName);
    t.em.ui.answer('OK', '');
    t.em.run('menuExportContacts');
    expect(t.em.ui.alerts.map((a) => a.kind)).toEqual(['prompt']); // no offer to continue
    expect(t.em.ui.toasts.at(-1)!.message).toContain('Exported 12 contacts');
    expect(() => call('continueExport', second.exportId)).toThrow(/already finished/);
  });
});
