/**
 * The functions the sidebar calls through google.script.run, on the shipped bundle: settings and
 * the token's safety, the connection test, columns, the preview, and chunked imports.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index';
import type {
  ColumnsView,
  ConnectionResult,
  ImportProgress,
  SelectionPreview,
  SettingsView,
} from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  TOKEN,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

const call = <T>(fn: string, ...args: unknown[]) => t.em.scriptRun(fn, ...args) as T;

describe('settings', () => {
  it('saves the token in user properties only and returns just its last four characters', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(3)]);
    const view = call<SettingsView>('saveSettings', { token: `  Bearer ${TOKEN}\n` });
    expect(view.tokenSet).toBe(true);
    expect(view.tokenLast4).toBe('a1b2');
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(JSON.stringify(call('getSettings'))).not.toContain(TOKEN);

    // Nowhere but the user's properties: not the document, not the sheet, not the logs.
    t.em.user.select(SHEET, ['A2:D4']);
    t.em.run('menuImportSelected');
    const everywhere = JSON.stringify({
      document: dump(t.em, 'document'),
      script: dump(t.em, 'script'),
      sheet: t.em.user.getValues(SHEET, 'A1:Z10'),
      logs: t.em.logs,
      alerts: t.em.ui.alerts,
      toasts: t.em.ui.toasts,
    });
    expect(everywhere).not.toContain(TOKEN);
    expect(JSON.stringify(dump(t.em, 'user'))).toContain(TOKEN);
  });

  it('removes the token with token: null', () => {
    loadSheet(t.em, [HEADERS]);
    saveToken(t.em);
    expect(call<SettingsView>('saveSettings', { token: null }).tokenSet).toBe(false);
  });

  it('refuses bad input with sentences a marketer can act on', () => {
    loadSheet(t.em, [HEADERS]);
    expect(() => call('saveSettings', { token: 'abc' })).toThrow(/too short to be a BotPenguin token/);
    expect(() => call('saveSettings', { apiHost: 'https://evil.example/' })).toThrow(/must be one of/);
    expect(() => call('saveSettings', { batchSize: 501 })).toThrow(
      /Batch size must be a whole number from 1 to 500/,
    );
    expect(() => call('saveSettings', { defaultCountry: 'XX' })).toThrow(/not a country code/);
  });

  it('keeps mapping and defaults per sheet, offers exactly the allow-listed hosts', () => {
    loadSheet(t.em, [HEADERS]);
    loadSheet(t.em, [['Nombre', 'Teléfono']], 'Other');
    t.em.user.select(SHEET, ['A1']);
    const saved = call<SettingsView>('saveSettings', {
      defaultCountry: 'in',
      defaultTags: ['Expo', ' expo ', 'VIP'],
      batchSize: 50,
      apiHost: 'https://api.v7.botpenguin.com/',
    });
    expect(saved).toMatchObject({ defaultCountry: 'IN', defaultTags: ['Expo', 'VIP'], batchSize: 50 });
    expect(saved.allowedHosts).toEqual([
      'https://api-v7.express-chat.com/',
      'https://api.v7.botpenguin.com/',
    ]);
    t.em.user.select('Other', ['A1']);
    const other = call<SettingsView>('getSettings');
    expect(other).toMatchObject({ sheetName: 'Other', defaultCountry: null, batchSize: 100 });
    expect(other.apiHost).toBe('https://api.v7.botpenguin.com/'); // the host is the user's, not the sheet's
  });
});

function dump(emulator: Emulator, scope: 'user' | 'document' | 'script'): Record<string, string> {
  return emulator.properties[scope].toObject();
}

describe('testConnection', () => {
  beforeEach(() => loadSheet(t.em, [HEADERS]));

  it('connected', async () => {
    saveToken(t.em);
    const result = call<ConnectionResult>('testConnection');
    expect(result).toMatchObject({ ok: true, kind: 'connected' });
    expect(result.message).toContain('ending in a1b2');
    const [request] = await t.mock.requests();
    expect(request).toMatchObject({ method: 'GET', path: '/inbox/segments' });
  });

  it('no token, token rejected, unexpected reply', async () => {
    expect(call<ConnectionResult>('testConnection').kind).toBe('no-token');
    saveToken(t.em, 'bp-some-other-token-9999');
    const rejected = call<ConnectionResult>('testConnection');
    expect(rejected.kind).toBe('token-rejected');
    expect(rejected.message).toContain('Copy a fresh token');
    saveToken(t.em);
    await t.mock.configure({
      faults: [{ effect: { kind: 'html', status: 404, html: '<h1>Not Found</h1>' } }],
    });
    expect(call<ConnectionResult>('testConnection')).toMatchObject({ kind: 'unexpected' });
  });

  it('host unreachable', () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { hostRoutes: { 'api-v7.express-chat.com': 'http://127.0.0.1:9' } });
    loadSheet(t.em, [HEADERS]);
    saveToken(t.em);
    const result = call<ConnectionResult>('testConnection');
    expect(result.kind).toBe('unreachable');
    expect(result.message).toContain('Could not reach https://api-v7.express-chat.com/');
  });
});

describe('columns and preview', () => {
  it('detects the mapping and reports a saved column that no longer exists', () => {
    loadSheet(t.em, [['Nombre', 'Teléfono', 'Correo', 'City', 'BotPenguin Status']]);
    const view = call<ColumnsView>('getColumns');
    expect(view.headers).toEqual(['Nombre', 'Teléfono', 'Correo', 'City']);
    expect(view.detected.fields).toMatchObject({ name: 'Nombre', phone: 'Teléfono', email: 'Correo' });
    expect(view.detected.attributes).toEqual(['City']);
    call('saveSettings', { mapping: { fields: { phone: 'Mobile', name: 'Nombre' }, attributes: [] } });
    const after = call<ColumnsView>('getColumns');
    expect(after.problems.join(' ')).toContain('Mobile');
    expect(after.effective.fields.phone).toBe('Teléfono');
  });

  it('previews a messy selection without writing or sending anything', async () => {
    loadSheet(t.em, [
      HEADERS,
      ...contactRows(3),
      ['Bad', "'12345", 'x@', ''],
      ['Dup', "'+91 9800000001", '', ''],
      ['', '', '', ''],
    ]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:A3']);
    t.em.run('menuImportSelected');
    t.em.user.select(SHEET, ['A1:D7']);
    t.em.resetCounters();
    const preview = call<SelectionPreview>('previewSelection');
    expect(preview).toMatchObject({
      rowsSelected: 5,
      ready: 1,
      invalid: 1,
      alreadyImported: 2,
      duplicates: 1,
    });
    expect(preview.message).toBe('5 rows selected: 1 ready, 1 invalid, 2 already imported, 1 duplicate.');
    expect(preview.invalidSamples[0]).toMatchObject({ row: 5, label: 'Bad' });
    expect(t.em.counters['Range.setValues'] ?? 0).toBe(0);
    expect((await t.mock.requests()).length).toBe(1);
  });
});

describe('chunked import (start / continue / cancel)', () => {
  function runToEnd(first: ImportProgress): ImportProgress[] {
    const seen = [first];
    let progress = first;
    while (progress.state === 'running') {
      progress = call<ImportProgress>('continueImport', progress.jobId);
      seen.push(progress);
    }
    return seen;
  }

  it('moves in chunks with growing progress, then reports done', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 6_000 } }); // ~3 waves per 20 s call
    loadSheet(t.em, [HEADERS, ...contactRows(3000)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D3001']);
    const seen = runToEnd(call<ImportProgress>('startImport', { mode: 'selected' }));
    expect(seen.length).toBeGreaterThan(2);
    const dones = seen.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(seen[0].estimatedRemainingMs).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ state: 'done', total: 3000, done: 3000, requests: 30 });
    expect(last.counts.imported).toBe(3000);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 3000 });
    // Statuses are written as chunks complete: after the first call some rows were already Imported.
    expect(seen[0].counts.imported).toBeGreaterThan(0);
    expect(seen[0].counts.imported).toBeLessThan(3000);
    expect((await t.mock.contacts()).length).toBe(3000);
  });

  it('cancel leaves the rest Queued; Retry sends exactly those', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 6_000 } });
    loadSheet(t.em, [HEADERS, ...contactRows(2000)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D2001']);
    const first = call<ImportProgress>('startImport', { mode: 'selected' });
    expect(first.state).toBe('running');
    const cancelled = call<ImportProgress>('cancelImport', first.jobId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.message).toContain('Import cancelled');
    const afterCancel = countBy(statuses(t.em), (r) => r.status);
    expect(afterCancel.Imported).toBe(first.counts.imported);
    expect(afterCancel.Queued).toBe(2000 - first.counts.imported);
    expect(statuses(t.em).find((r) => r.status === 'Queued')!.details).toContain(
      'cancelled before this row was sent',
    );
    expect(() => call('continueImport', first.jobId)).toThrow(/already finished or was cancelled/);

    const retry = runToEnd(call<ImportProgress>('startImport', { mode: 'retry' })).at(-1)!;
    expect(retry).toMatchObject({ state: 'done', total: 2000 - first.counts.imported });
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 2000 });
    const sent = (await t.mock.requests()).reduce((n, r) => n + (r.profiles ?? 0), 0);
    expect(sent).toBe(2000);
  });

  it('nothing to do, and validate-only, answer at once', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(2)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A1']);
    expect(call<ImportProgress>('startImport', { mode: 'selected' })).toMatchObject({ state: 'nothing' });
    expect(call<ImportProgress>('startImport', { mode: 'retry' }).message).toContain(
      'no Failed or Queued rows',
    );
    t.em.user.select(SHEET, ['A2:A3']);
    expect(call<ImportProgress>('startImport', { mode: 'validate' })).toMatchObject({
      state: 'done',
      counts: { valid: 2 },
    });
  });

  it('Sheets calls grow with chunks, not rows', () => {
    const sheetCalls = (rows: number) => {
      t.em.dispose();
      t.em = emulatorFor(t.mock);
      loadSheet(t.em, [HEADERS, ...contactRows(rows)]);
      saveToken(t.em);
      t.em.user.select(SHEET, [`A2:D${rows + 1}`]);
      t.em.resetCounters();
      t.em.run('menuImportSelected');
      return Object.entries(t.em.counters)
        .filter(([kind]) => kind.startsWith('Range.') || kind.startsWith('Sheet.'))
        .reduce((sum, [, n]) => sum + n, 0);
    };
    // 50 and 350 rows are both one chunk (400 rows): same number of calls.
    expect(sheetCalls(350)).toBe(sheetCalls(50));
    // 1,200 rows are three chunks: a fixed number of calls more per chunk.
    const perChunk = (sheetCalls(1200) - sheetCalls(350)) / 2;
    // Per chunk: read the sheet (6 calls), re-read headers and status columns (6), one block write (2).
    expect(perChunk).toBeLessThanOrEqual(14);
  });

  it('refuses what google.script.run refuses', () => {
    expect(() => t.em.scriptRun('nope')).toThrow();
    expect(() => t.em.scriptRun('startImport', { mode: 'selected', when: new Date() })).toThrow();
  });
});
