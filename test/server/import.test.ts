/**
 * The main job end to end on the shipped bundle: dist/Code.js in the emulator, real HTTP to the
 * BotPenguin mock. Each test asserts exact statuses and the mock's request log.
 */
import { describe, expect, it } from 'vitest';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  importRequests,
  loadSheet,
  phonesIn,
  SHEET,
  saveToken,
  statuses,
  TOKEN,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

const imports = () => importRequests(t.mock);

const phoneOf = (k: number) => `9198${String(k).padStart(8, '0')}`;

function setUp(rows: unknown[][], select = `A1:D${rows.length + 1}`): void {
  loadSheet(t.em, [HEADERS, ...rows]);
  saveToken(t.em);
  t.em.user.select(SHEET, [select]);
}

describe('menu', () => {
  it('onOpen in AuthMode.NONE builds the add-on menu and touches nothing else', () => {
    t.em.resetCounters();
    t.em.runWithEvent('onOpen', { authMode: 'NONE' });
    expect(t.em.ui.menus).toHaveLength(1);
    expect(t.em.ui.menus[0].items.map((i) => ('caption' in i ? i.caption : '—'))).toEqual([
      'Import selected rows',
      'Import all new or changed rows',
      'Validate selected rows (no import)',
      'Retry failed rows',
      'Re-send selected rows, even if already imported',
      '—',
      'Handle opt-outs (withdrawn consent)…',
      'Remove selected contacts from BotPenguin…',
      '—',
      'Export contacts from BotPenguin…',
      '—',
      'Open sidebar',
      'Help',
      'Check this installation',
    ]);
    // The user's locale picks the menu's language; it needs no authorization (and falls back to
    // English if Apps Script refuses it).
    expect(Object.keys(t.em.counters).sort()).toEqual([
      'Session.getActiveUserLocale',
      'SpreadsheetApp.getUi',
      'Ui.addToUi',
    ]);
  });

  it('onInstall builds the same menu', () => {
    t.em.runWithEvent('onInstall', { authMode: 'FULL' });
    expect(t.em.ui.menus[0].items).toHaveLength(14);
  });

  it('Open sidebar shows dist/Sidebar.html; Help explains the statuses in a dialog', () => {
    t.em.run('menuOpenSidebar');
    expect(t.em.ui.sidebars[0].title).toBe('BotPenguin Contacts');
    expect(t.em.ui.sidebars[0].html).toContain('<script>');
    t.em.run('menuHelp');
    expect(t.em.ui.current?.kind).toBe('modal');
    expect(t.em.ui.current?.html).toContain('BotPenguin Status');
  });
});

describe('import selected rows', () => {
  it('imports every selected contact in ceil(n/100) requests with the documented headers and payload', async () => {
    setUp(contactRows(250));
    t.em.run('menuImportSelected');
    const rows = statuses(t.em);
    expect(countBy(rows, (r) => r.status)).toEqual({ Imported: 250 });
    expect(rows[0].details).toMatch(/^Imported 2025-01-06 09:00 as \+91 [\d ]+ \(India\) · ref [0-9a-f]+$/);
    const requests = await imports();
    expect(requests.map((r) => r.profiles)).toEqual([100, 100, 50]);
    const headers = requests[0].headers;
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers.authtype).toBe('Key');
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(headers.accept).toBe('application/json');
    expect((requests[0].body as unknown[])[0]).toEqual({
      profile: {
        userDetails: {
          userProvidedName: 'Contact 0',
          contact: { email: 'c0@example.com', phone: { number: '9800000000', prefix: '91' } },
          tags: ['vip', 'lead'],
          attributes: [],
        },
      },
    });
    const contacts = await t.mock.contacts();
    expect(contacts).toHaveLength(250);
    expect(t.em.ui.toasts[0].message).toBe('Imported 250 rows into BotPenguin.');
  });

  it('takes every range of the selection, never the header, ignores blank rows', async () => {
    const rows = contactRows(30);
    rows[9] = ['', '', '', ''];
    setUp(rows);
    t.em.user.select(SHEET, ['A1:B5', 'C10:C12', 'D20']);
    t.em.run('menuImportSelected');
    const byRow = new Map(statuses(t.em).map((r) => [r.row, r.status]));
    const imported = [...byRow].filter(([, s]) => s === 'Imported').map(([row]) => row);
    expect(imported).toEqual([2, 3, 4, 5, 10, 12, 20]);
    expect(byRow.get(11)).toBe(''); // the blank row got no status
    expect((await imports()).flatMap(phonesIn).sort()).toEqual([0, 1, 2, 3, 8, 10, 18].map(phoneOf).sort());
  });

  it('marks bad rows with every reason and sends the rest; a duplicate names the first row', async () => {
    setUp([
      ['Asha', "'+91 98765 43210", 'asha@example.com', ''],
      ['No phone', '', 'np@example.com', ''],
      ['Bad email', "'+91 98765 43211", 'bob@', ''],
      ['Asha again', "'0091 98765 43210", '', ''],
      ['Short', "'+91 12345", '', ''],
    ]);
    t.em.run('menuImportSelected');
    const rows = statuses(t.em);
    // A bad email does not block a WhatsApp contact: it is imported without the email, and says so.
    expect(rows.map((r) => r.status)).toEqual(['Imported', 'Invalid', 'Imported', 'Skipped', 'Invalid']);
    expect(rows[1].details).toContain('No phone number');
    expect(rows[2].details).toMatch(
      /^Imported .* as \+91 98765 43211 \(India\) · ref [0-9a-f]+ · Email 'bob@' left out/,
    );
    expect(rows[3].details).toContain('Duplicate of row 2');
    expect(rows[4].details).toMatch(/Phone: .*too short/);
    expect((await imports()).flatMap(phonesIn)).toEqual(['919876543210', '919876543211']);
    expect(t.em.ui.alerts[0].prompt).toContain('Imported 2 rows into BotPenguin');
  });

  it('recovers a phone that Sheets turned into a #ERROR! formula when it was typed with a +', async () => {
    setUp([['Typed', '+91 98765 43210', '', '']]);
    expect(t.em.user.getValues(SHEET, 'B2')[0][0]).toBe('#ERROR!');
    t.em.run('menuImportSelected');
    expect(statuses(t.em)[0].status).toBe('Imported');
    expect((await imports()).flatMap(phonesIn)).toEqual(['919876543210']);
  });

  it('skips rows hidden by a filter, with no per-row filter calls when there is no filter', async () => {
    setUp(contactRows(10));
    t.em.run('menuImportSelected');
    expect(t.em.counters['Sheet.isRowHiddenByFilter'] ?? 0).toBe(0);

    // Other contacts in the same rows: clear their statuses, as a marketer reusing a sheet would.
    t.em.user.setValues(SHEET, 'A2:D11', contactRows(10, 100));
    t.em.user.setValues(
      SHEET,
      'E2:F11',
      Array.from({ length: 10 }, () => ['', '']),
    );
    t.em.user.createFilter(SHEET, 'A1:D11', { A: { hiddenValues: ['Contact 101', 'Contact 102'] } });
    t.em.run('menuImportSelected');
    const rows = statuses(t.em);
    expect(rows[1].status).toBe('Skipped');
    expect(rows[1].details).toContain('Hidden by a filter');
    expect(rows.filter((r) => r.status === 'Imported')).toHaveLength(8);
  });

  it('does not send an unchanged imported row again; sends a changed one; force re-sends', async () => {
    setUp(contactRows(5));
    t.em.run('menuImportSelected');
    t.em.run('menuImportSelected');
    expect(await imports()).toHaveLength(1);
    expect(t.em.ui.alerts.at(-1)?.prompt ?? t.em.ui.toasts.at(-1)?.message).toBe(
      'No rows were imported. 5 rows were already imported and left alone; see the BotPenguin Status column.',
    );

    t.em.user.setValues(SHEET, 'C3', [['new@example.com']]);
    t.em.run('menuImportSelected');
    const third = (await imports())[1];
    expect(phonesIn(third)).toEqual([phoneOf(1)]);

    t.em.run('menuForceImportSelected');
    expect(phonesIn((await imports())[2])).toHaveLength(5);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 5 });
  });

  it('"Import all" takes every data row that is new or changed', async () => {
    setUp(contactRows(20), 'A2:D6');
    t.em.run('menuImportSelected');
    t.em.run('menuImportAll');
    const requests = await imports();
    expect(requests).toHaveLength(2);
    expect(requests[1].profiles).toBe(15);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 20 });
  });

  it('creates the status columns once after the last column, and finds them after the user moves them', () => {
    setUp(contactRows(3));
    t.em.run('menuImportSelected');
    const headers = t.em.user.getValues(SHEET, 'A1:F1')[0];
    expect(headers).toEqual(['Name', 'Phone', 'Email', 'Tags', 'BotPenguin Status', 'BotPenguin Details']);
    // Colours come from one conditional-format rule per status word, not per-row backgrounds.
    const rules = t.em.spreadsheet.requireSheet(SHEET).conditionalRules;
    expect(rules.map((r) => r.text)).toEqual([
      'Imported',
      'Valid',
      'Invalid',
      'Failed',
      'Skipped',
      'Queued',
      'Phone changed',
      'Opted out',
      'Removed',
      'Opt-out tagged',
      'Not removed',
    ]);
    expect(t.em.counters['Range.setBackgrounds'] ?? 0).toBe(0);
    // The user moves them to the front (two new columns, statuses copied, old ones cleared).
    const model = t.em.spreadsheet.requireSheet(SHEET);
    const all = t.em.user.getValues(SHEET, `A1:F4`);
    const moved = all.map((r, i) => [r[4], r[5], r[0], i ? `'${r[1]}` : r[1], r[2], r[3]]);
    t.em.user.setValues(SHEET, 'A1:F4', moved);
    t.em.user.setValues(SHEET, 'C3:C3', [['Changed Name']]);
    t.em.run('menuImportSelected');
    expect(model.lastColumn()).toBe(6);
    const after = t.em.user.getValues(SHEET, 'A1:F4');
    expect(after.map((r) => r[0])).toEqual(['BotPenguin Status', 'Imported', 'Imported', 'Imported']);
  });

  it('validates without sending: Valid / Invalid', async () => {
    setUp([...contactRows(2), ['X', "'123", 'x@', '']]);
    t.em.run('menuValidateSelected');
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Valid', 'Valid', 'Invalid']);
    expect(statuses(t.em)[0].details).toContain('Ready to import: Contact 0');
    expect(await t.mock.requests()).toHaveLength(0);
  });

  it('writes cell text that starts like a formula as text', async () => {
    setUp(contactRows(1));
    await t.mock.configure({
      faults: [{ effect: { kind: 'failure200', message: '=HYPERLINK("http://evil")' } }],
    });
    t.em.run('menuImportSelected');
    const [row] = statuses(t.em);
    expect(row.status).toBe('Failed');
    expect(row.details).toContain('=HYPERLINK');
    expect(t.em.user.getFormulas(SHEET, 'E2:F2')).toEqual([['', '']]);
  });
});

describe('faults', () => {
  it('a 401 stops at once: that batch Failed, rows not yet sent stay Queued, and Retry sends them with a new token', async () => {
    setUp(contactRows(500));
    t.em.run('menuValidateSelected'); // every row now says Valid
    await t.mock.configure({
      faults: [{ match: { nth: 2, path: '/inbox/users/import' }, effect: { kind: 'status', status: 401 } }],
    });
    t.em.run('menuImportSelected');
    const requests = await imports();
    // The first wave of 4 was already in flight; nothing was sent after the 401 was seen.
    expect(requests).toHaveLength(4);
    const rows = statuses(t.em);
    const counts = countBy(rows, (r) => r.status);
    expect(counts).toEqual({ Imported: 300, Failed: 100, Queued: 100 });
    const failed = rows.filter((r) => r.status === 'Failed');
    expect(failed[0].details).toContain('BotPenguin rejected the API token (401 jwt malformed)');
    expect(rows.find((r) => r.status === 'Queued')?.details).toMatch(
      /^Not sent yet: BotPenguin rejected the API token\. Choose Retry failed rows/,
    );
    expect(t.em.ui.alerts[0].prompt).toContain('paste a new token');
    expect(t.em.ui.alerts[0].prompt).toContain('100 rows stay Queued');
    // what the statuses claim equals what the t.mock accepted
    expect((await t.mock.contacts()).length).toBe(300);

    // The token is fixed (the fault is gone): Retry failed rows sends the 200 left, and only them.
    await t.mock.configure({ faults: [] });
    t.em.run('menuRetryFailed');
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 500 });
    const resent = (await imports()).slice(4).reduce((n, r) => n + (r.profiles ?? 0), 0);
    expect(resent).toBe(200);
    expect((await t.mock.contacts()).length).toBe(500);
  });

  it('a wrong token (documented 400) is a token problem, not 500 bad rows', async () => {
    setUp(contactRows(500));
    saveToken(t.em, 'bp-wrong-token-000000000');
    t.em.run('menuImportSelected');
    expect((await imports()).length).toBe(4);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Failed: 400, Queued: 100 });
  });

  it('429 with Retry-After and 503 are retried, then the rows import', async () => {
    setUp(contactRows(150));
    await t.mock.configure({
      faults: [
        {
          match: { nth: 1, path: '/inbox/users/import' },
          effect: { kind: 'status', status: 429, retryAfterSeconds: 7 },
        },
        { match: { nth: 3, path: '/inbox/users/import' }, effect: { kind: 'html', status: 503 } },
      ],
    });
    const before = t.em.clock.now();
    t.em.run('menuImportSelected');
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 150 });
    expect((await imports()).map((r) => r.status)).toEqual([429, 200, 503, 200]);
    expect(t.em.clock.now() - before).toBeGreaterThanOrEqual(7000);
  });

  it('persistent 5xx gives up after bounded attempts with the reason', async () => {
    setUp(contactRows(3));
    await t.mock.configure({ faults: [{ effect: { kind: 'status', status: 502 } }] });
    t.em.run('menuImportSelected');
    expect(await imports()).toHaveLength(4);
    const [row] = statuses(t.em);
    expect(row.status).toBe('Failed');
    expect(row.details).toContain('BotPenguin had a server error (502');
    expect(row.details).toContain('gave up after 4 attempts');
  });

  it('dropped connections are retried like network errors', async () => {
    setUp(contactRows(3));
    await t.mock.configure({ faults: [{ effect: { kind: 'drop' }, times: 1 }] });
    t.em.run('menuImportSelected');
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 3 });
    expect((await imports()).map((r) => r.outcome)).toEqual(['dropped', 'answered']);
  });

  it('a timeout is retried and then reported', async () => {
    await t.mock.configure({ faults: [{ effect: { kind: 'delay', ms: 5000 } }] });
    t.em.dispose();
    t.em = emulatorFor(t.mock, { fetchTimeoutMs: 300 });
    setUp(contactRows(2));
    t.em.run('menuImportSelected');
    const [row] = statuses(t.em);
    expect(row.status).toBe('Failed');
    expect(row.details).toMatch(/^Could not reach BotPenguin \(Timeout\); gave up after \d+ attempts\./);
  });

  it('413 splits the batch and goes on', async () => {
    setUp(contactRows(100));
    await t.mock.configure({ maxBatch: 30 });
    t.em.run('menuImportSelected');
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 100 });
    const accepted = (await imports()).filter((r) => r.status === 200);
    expect(accepted.flatMap(phonesIn).sort()).toEqual(
      Array.from({ length: 100 }, (_, k) => phoneOf(k)).sort(),
    );
  });

  it('400 is bisected: offenders Failed with the server message, the rest Imported, bounded requests', async () => {
    setUp(contactRows(100));
    await t.mock.configure({ invalidPhones: [phoneOf(17), phoneOf(63)] });
    t.em.run('menuImportSelected');
    const rows = statuses(t.em);
    expect(rows[17].status).toBe('Failed');
    expect(rows[17].details).toContain('BotPenguin rejected this contact: Validation failed');
    expect(rows[63].status).toBe('Failed');
    expect(countBy(rows, (r) => r.status)).toEqual({ Imported: 98, Failed: 2 });
    const requests = await imports();
    expect(requests.length).toBeLessThanOrEqual(1 + 4 * 7);
    // Each imported contact was accepted exactly once.
    const accepted = requests.filter((r) => r.status === 200).flatMap(phonesIn);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(accepted).toHaveLength(98);
  });

  it('a 2xx body that says failure, or is not JSON, is a failure with that message', async () => {
    setUp(contactRows(2));
    await t.mock.configure({
      faults: [{ effect: { kind: 'nonJson200', body: '<html><body>Please log in</body></html>' } }],
    });
    t.em.run('menuImportSelected');
    expect(statuses(t.em)[0].status).toBe('Failed');
    expect(statuses(t.em)[0].details).toContain('Please log in');
  });

  it('no token: the user is told how to set one, nothing is sent', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(2)]);
    t.em.user.select(SHEET, ['A2:A3']);
    t.em.run('menuImportSelected');
    expect(t.em.ui.alerts[0].prompt).toContain('No BotPenguin API token is saved yet');
    expect(await t.mock.requests()).toHaveLength(0);
  });
});

describe('writing the outcomes', () => {
  it("gets every chunk's status block in one getRangeList call, not one getRange per chunk", () => {
    const getRanges = (rows: number) => {
      t.em.dispose();
      t.em = emulatorFor(t.mock);
      setUp(contactRows(rows));
      t.em.resetCounters();
      t.em.run('menuImportSelected');
      expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: rows });
      return { getRange: t.em.counters['Sheet.getRange'], getRangeList: t.em.counters['Sheet.getRangeList'] };
    };
    // One chunk of 400 rows, then six.
    const one = getRanges(400);
    const six = getRanges(2400);
    expect(six.getRangeList).toBe(1);
    expect(one.getRangeList).toBe(1);
    expect(six.getRange).toBe(one.getRange);
  });
});

describe('statuses land on the right rows', () => {
  it('when the user sorts the sheet while an import runs', async () => {
    // 1,000 rows are three chunks: the sort lands in the first, the later ones must follow it.
    setUp(contactRows(1000));
    await t.mock.configure({ invalidPhones: [phoneOf(5), phoneOf(250), phoneOf(950)] });
    let sorted = false;
    t.em.onServiceCall((call) => {
      if (!sorted && call.kind === 'UrlFetchApp.fetchAll' && call.phase === 'after') {
        sorted = true;
        t.em.user.sortRows(SHEET, { column: 1, ascending: false }); // "Contact 99" first…
      }
    });
    t.em.run('menuImportSelected');
    expect(sorted).toBe(true);
    for (const row of statuses(t.em)) {
      const k = Number(String(row.values[0]).replace('Contact ', ''));
      expect(row.status, `row ${row.row} (${row.values[0]})`).toBe(
        [5, 250, 950].includes(k) ? 'Failed' : 'Imported',
      );
    }
  });

  it('when rows are inserted and deleted while an import runs', async () => {
    setUp(contactRows(200));
    let edited = false;
    t.em.onServiceCall((call) => {
      if (!edited && call.kind === 'UrlFetchApp.fetchAll' && call.phase === 'after') {
        edited = true;
        t.em.user.insertRows(SHEET, 2, 3);
        t.em.user.deleteRows(SHEET, 50, 1); // was row 47: "Contact 45"
      }
    });
    t.em.run('menuImportSelected');
    const rows = statuses(t.em).filter((r) => r.values[0] !== '');
    expect(rows).toHaveLength(199);
    expect(rows.every((r) => r.status === 'Imported')).toBe(true);
    expect((await imports()).flatMap(phonesIn)).toHaveLength(200);
  });
});

describe('columns moved while an import runs', () => {
  it('a column inserted before the status columns: outcomes still land in them, on the right rows', async () => {
    setUp(contactRows(1200));
    let inserted = false;
    t.em.onServiceCall((call) => {
      if (!inserted && call.kind === 'UrlFetchApp.fetchAll' && call.phase === 'after') {
        inserted = true;
        // The user inserts a column at A: every column, the status ones too, moves right.
        t.em.spreadsheet.requireSheet(SHEET).insertColumns(0, 1);
      }
    });
    t.em.run('menuImportSelected');
    expect(inserted).toBe(true);
    const headers = t.em.user.getValues(SHEET, 'A1:H1')[0];
    expect(headers).toEqual(['', ...HEADERS, 'BotPenguin Status', 'BotPenguin Details', '']);
    const rows = statuses(t.em);
    expect(countBy(rows, (r) => r.status)).toEqual({ Imported: 1200 });
    // Each row's Details name its own number.
    for (const k of [0, 399, 400, 1199]) {
      const digits = `98${String(k).padStart(8, '0')}`;
      expect(rows[k].details).toContain(`+91 ${digits.slice(0, 5)} ${digits.slice(5)}`);
    }
    expect((await imports()).flatMap(phonesIn)).toHaveLength(1200);
  });
});

describe('concurrent imports', () => {
  it('a second import while one runs is told the sheet is busy, and nothing is sent twice', async () => {
    setUp(contactRows(200));
    let second: unknown;
    t.em.onServiceCall((call) => {
      if (second === undefined && call.kind === 'UrlFetchApp.fetchAll' && call.phase === 'before') {
        second = t.em.scriptRun('startImport', { mode: 'selected' });
      }
    });
    t.em.run('menuImportSelected');
    expect(second).toMatchObject({
      state: 'busy',
      message: expect.stringContaining('Another import is running'),
    });
    const phones = (await imports()).flatMap(phonesIn);
    expect(new Set(phones).size).toBe(200);
    expect(phones).toHaveLength(200);
  });
});

describe('long imports', () => {
  it('20,000 rows in one menu run within the time limit, each row exactly once', async () => {
    setUp(contactRows(20_000));
    t.em.run('menuImportSelected');
    const execution = t.em.executions.at(-1)!;
    expect(execution.error).toBeUndefined();
    expect(execution.elapsedMs).toBeLessThan(360_000);
    const rows = statuses(t.em);
    expect(countBy(rows, (r) => r.status)).toEqual({ Imported: 20_000 });
    const requests = await imports();
    expect(requests).toHaveLength(200);
    const phones = requests.flatMap(phonesIn);
    expect(new Set(phones).size).toBe(20_000);
    // Sheets calls grow with chunks (400 rows each), not with rows.
    const sheetCalls = Object.entries(t.em.counters)
      .filter(([k]) => k.startsWith('Range.') || k.startsWith('Sheet.'))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(sheetCalls).toBeLessThan(20 * 50);
  });

  it('stops taking batches when the time budget is spent, leaves the rest Queued, and Retry finishes', async () => {
    t.em.dispose();
    // Slow requests: each fetch costs 30 s of simulated time.
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 30_000 } });
    setUp(contactRows(6000));
    t.em.run('menuImportSelected');
    expect(t.em.executions.at(-1)!.error).toBeUndefined();
    let counts = countBy(statuses(t.em), (r) => r.status);
    expect(counts.Queued).toBeGreaterThan(0);
    expect(counts.Imported).toBeGreaterThan(0);
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('still Queued');
    expect(statuses(t.em).find((r) => r.status === 'Queued')!.details).toContain('6 minutes');
    let runs = 1;
    while (counts.Queued && runs < 10) {
      t.em.run('menuRetryFailed');
      runs++;
      counts = countBy(statuses(t.em), (r) => r.status);
    }
    expect(counts).toEqual({ Imported: 6000 });
    const phones = (await imports()).flatMap(phonesIn);
    expect(new Set(phones).size).toBe(6000);
    expect(phones).toHaveLength(6000);
  });
});
