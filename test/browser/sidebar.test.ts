/**
 * The sidebar in real headless Chromium, end to end: dist/Sidebar.html → playground bridge →
 * emulator running dist/Code.js → BotPenguin mock over HTTP. No hand-stubbed server.
 */
import { describe, expect, it } from 'vitest';
import {
  callGate,
  contactRow,
  contactRows,
  HEADERS,
  OTHER_HOST,
  phoneDigits,
  statusColumn,
  useSidebarSuite,
  watchProgress,
} from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const OTHER_TOKEN = 'bp_live_000000000000dead';
const XSS_NAME = '<img src=x onerror=alert(1)>';

/** Small batches, one request at a time, and a slow virtual network: every sidebar call sends two
 * chunks at most (the server returns after ~20 s of Apps Script time), so the bar moves in steps. */
const CHUNKED = { batchSize: 5, parallelRequests: 1 };
const SLOW_FETCH = { fetchBaseMs: 12_000 };

const suite = useSidebarSuite(TOKEN, { checkWidth: true });

describe('Connection', () => {
  it('saves a token, shows it masked, and tests it: rejected, connected, unreachable', async () => {
    const session = await suite.open({ rows: contactRows(3) });
    const { page } = session;

    // No token yet: the Connection section opens by itself.
    await expect.poll(() => page.locator('#connection-section').getAttribute('open')).not.toBeNull();
    await expect.poll(() => page.locator('#token-state').textContent()).toBe('No token saved yet.');
    await session.screenshot('01-first-open');

    // A wrong token, saved with the keyboard (Enter submits the form).
    await page.locator('#token-input').fill(OTHER_TOKEN);
    await page.locator('#token-input').press('Enter');
    await expect.poll(() => page.locator('#token-state').textContent()).toBe('Token set, ending in dead.');
    expect(await page.locator('#token-input').inputValue()).toBe('');
    expect(await page.locator('#token-input').getAttribute('type')).toBe('password');

    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.locator('#connection-result');
    await expect.poll(() => result.getAttribute('data-tone')).toBe('error');
    expect(await result.textContent()).toMatch(/token/i);
    await session.screenshot('02-token-rejected');

    // The right token: masked, never sent back to the page.
    await page.getByLabel('API token').fill(TOKEN);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#token-state').textContent()).toBe('Token set, ending in a1b2.');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => result.getAttribute('data-tone')).toBe('ok');
    expect(await page.locator('#connection-summary').textContent()).toContain('a1b2');
    const html = await page.content();
    expect(html).not.toContain(TOKEN);
    await session.screenshot('03-connected');

    // The other allow-listed host is not routed here: unreachable, said plainly.
    await page.getByLabel('API host').selectOption(OTHER_HOST);
    await expect.poll(() => result.textContent()).toContain(OTHER_HOST);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => result.textContent()).not.toBe('Testing…');
    expect(await result.getAttribute('data-tone')).toBe('error');
    expect(await result.textContent()).not.toMatch(/\bat\s+\S+\s*\(|Error:/);
    expect(await page.locator('#connection-summary').textContent()).toBe('Host unreachable');
    await session.screenshot('03b-host-unreachable');

    const returnedSettings = session.bridge.calls().filter((call) => call.fn === 'saveSettings');
    expect(returnedSettings.length).toBe(3);
  });
});

describe('Keyboard', () => {
  it('reaches every section in order with a visible focus ring', async () => {
    const session = await suite.open({ rows: contactRows(2), settings: { token: TOKEN } });
    const { page } = session;
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        const style = element ? getComputedStyle(element) : null;
        return {
          id: element?.id || element?.closest('[id]')?.id || '',
          tag: element?.tagName ?? '',
          ring: style ? style.outlineStyle !== 'none' || style.boxShadow !== 'none' : false,
        };
      });
    const stops: { id: string; tag: string; ring: boolean }[] = [];
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(stops.map((stop) => `${stop.tag}#${stop.id}`)).toEqual([
      'SUMMARY#connection-section',
      'SUMMARY#columns-section',
      'SUMMARY#defaults-section',
      'BUTTON#preview-refresh',
      // The Select … buttons are disabled: the sheet has no status yet.
      'BUTTON#clear-status',
      // Opt-outs: the choice (one stop for the radio group; the tag field is off until Tag is
      // chosen), the automatic switch; Handle opt-outs is disabled with none.
      'INPUT#optout-remove',
      'INPUT#optout-auto',
      'BUTTON#remove-selected',
      'INPUT#force-resend',
      'INPUT#batch-tag-on',
      'SUMMARY#export-section',
      'BUTTON#open-log',
      'INPUT#auto-import',
      // The action bar comes last, after the sections it acts on.
      'BUTTON#import-start',
      'BUTTON#validate-start',
    ]);
    expect(stops.every((stop) => stop.ring)).toBe(true);

    // Enter opens a section; the token field is next in the tab order.
    for (let i = 0; i < 14; i++) await page.keyboard.press('Shift+Tab');
    expect((await focused()).id).toBe('connection-section');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('token-input');
    await session.screenshot('15-keyboard-focus');
  });
});

describe('Selection preview', () => {
  it('counts a messy selection and shows a hostile name as plain text', async () => {
    const rows = [
      ...contactRows(10),
      [XSS_NAME, '12', 'India', 'xss@example.com', '', 'Pune'],
      ['No Phone Person', '', 'India', 'nophone@example.com', '', 'Delhi'],
      contactRow(2, 'Contact 02 again'),
      ['', '', '', '', '', ''],
    ];
    const session = await suite.open({
      rows,
      settings: { token: TOKEN, ...CHUNKED },
      selection: ['A2:F3'],
    });
    const { page, em } = session;

    // Import rows 2-3 first, so the wide selection holds two already-imported rows.
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect.poll(() => page.locator('#result-message').textContent()).toContain('Imported 2 rows');

    em.user.select('Sheet1', ['A2:F15']);
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    const message = page.locator('#preview-message');
    await expect
      .poll(() => message.textContent())
      .toBe('13 rows selected: 8 ready, 2 invalid, 2 already imported, 1 duplicate.');
    const chips = await page.locator('#preview-counts li').allTextContents();
    expect(chips).toEqual(['8 ready', '2 invalid', '2 already imported', '1 duplicate']);

    const samples = page.locator('#invalid-samples li');
    expect(await samples.count()).toBe(2);
    expect(await samples.nth(0).locator('.bp-sample-row').textContent()).toBe('Row 12');
    expect(await samples.nth(0).locator('.bp-sample-label').textContent()).toBe(XSS_NAME);
    expect(await samples.nth(1).locator('.bp-sample-row').textContent()).toBe('Row 13');

    // The name stayed text: no <img> element exists and no alert ran.
    expect(await page.locator('img').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(session.dialogs).toEqual([]);
    await session.screenshot('04-preview-messy');
  });

  it('refreshes when the sidebar regains focus', async () => {
    const session = await suite.open({ rows: contactRows(6), settings: { token: TOKEN }, clock: true });
    const { page, em } = session;
    const message = page.locator('#preview-message');
    await expect.poll(() => message.textContent()).toMatch(/^6 rows selected/);
    const refreshes = () => session.bridge.calls().filter((c) => c.fn === 'previewSelection').length;

    em.user.select('Sheet1', ['A2:F3']);
    await session.advance(3100); // focus refreshes are at least 3 s apart
    // The clock is paused: no poll can fire now, so the refresh that follows is the focus's own.
    const before = refreshes();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await expect.poll(refreshes).toBe(before + 1);
    await expect.poll(() => message.textContent()).toMatch(/^2 rows selected/);
  });
});

describe('Import', () => {
  it('runs to completion chunk by chunk with the progress bar moving', async () => {
    const gate = callGate('continueImport');
    gate.close();
    const session = await suite.open({
      rows: contactRows(30),
      settings: { token: TOKEN, ...CHUNKED },
      latency: SLOW_FETCH,
      beforeCall: (fn) => gate.beforeCall(fn),
    });
    const { page, em } = session;
    const progressSeen = await watchProgress(page);

    await page.getByRole('button', { name: 'Import selected' }).click();
    await gate.arrival();
    // Buttons wait while the job runs; Cancel is the one way in.
    await expect.poll(() => page.getByRole('button', { name: 'Validate only' }).isDisabled()).toBe(true);
    await expect.poll(() => page.locator('#progress-bar').getAttribute('aria-valuenow')).not.toBe('0');
    expect(await page.locator('#progress-stats').textContent()).toMatch(
      /of 30 rows done · \d+ requests? sent/,
    );
    await session.screenshot('05-import-progress');
    gate.open();

    await expect
      .poll(() => page.locator('#result-message').textContent(), { timeout: 30_000 })
      .toBe('Imported 30 rows into BotPenguin.');
    expect(await page.locator('#result-counts li').allTextContents()).toEqual(['30 imported']);
    expect(await page.locator('#progress-panel').isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: /Retry/ }).isHidden()).toBe(true);
    expect(await page.getByRole('button', { name: 'Import selected' }).isEnabled()).toBe(true);
    await session.screenshot('06-import-done');

    const values = await progressSeen();
    const intermediate = values.filter((value) => value > 0 && value < 100);
    expect(new Set(intermediate).size).toBeGreaterThanOrEqual(2);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(100);

    const calls = session.bridge.calls().map((call) => call.fn);
    expect(calls.filter((fn) => fn === 'continueImport').length).toBeGreaterThanOrEqual(2);
    expect((await suite.mock.contacts()).length).toBe(30);
    expect(statusColumn(em, 30).every((status) => status === 'Imported')).toBe(true);
    // The preview refreshes after the job: everything is imported now.
    await expect.poll(() => page.locator('#preview-message').textContent()).toContain('30 already imported');
  });

  it('cancels after the current chunk, leaving the rest Queued', async () => {
    // The first continueImport waits at the gate until Cancel has been pressed: a chunk is in
    // flight when the user cancels, as in real use, without racing the clock.
    const gate = callGate('continueImport');
    gate.close();
    const session = await suite.open({
      rows: contactRows(40),
      settings: { token: TOKEN, ...CHUNKED },
      latency: SLOW_FETCH,
      beforeCall: (fn) => gate.beforeCall(fn),
    });
    const { page, em } = session;

    await page.getByRole('button', { name: 'Import selected' }).click();
    await gate.arrival();
    await expect.poll(() => page.locator('#progress-bar').getAttribute('aria-valuenow')).not.toBe('0');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('#import-cancel').textContent()).toBe('Cancelling…');
    await session.screenshot('07-cancelling');
    gate.open();

    const resultMessage = page.locator('#result-message');
    await expect.poll(() => resultMessage.textContent(), { timeout: 30_000 }).toMatch(/^Import cancelled/);
    const statuses = statusColumn(em, 40);
    const imported = statuses.filter((status) => status === 'Imported').length;
    const queued = statuses.filter((status) => status === 'Queued').length;
    expect(imported).toBeGreaterThan(0);
    expect(queued).toBeGreaterThan(0);
    expect(imported + queued).toBe(40);
    expect(await page.locator('#result-counts li').allTextContents()).toEqual([
      `${imported} imported`,
      `${queued} Queued`,
    ]);
    expect((await suite.mock.contacts()).length).toBe(imported);
    const calls = session.bridge.calls().map((call) => call.fn);
    expect(calls).toContain('cancelImport');
    // Queued rows are what "Retry" sends next.
    expect(await page.locator('#retry-failed').textContent()).toBe(`Retry failed rows (${queued})`);
    await session.screenshot('08-cancelled');
  });

  it('retries failed rows', async () => {
    const session = await suite.open({ rows: contactRows(10), settings: { token: TOKEN } });
    const { page, em } = session;
    await suite.mock.configure({ invalidPhones: [phoneDigits(3), phoneDigits(7)] });

    await page.getByRole('button', { name: 'Import selected' }).click();
    const retry = page.getByRole('button', { name: 'Retry failed rows (2)' });
    await page.locator('#result-message').waitFor();
    await session.screenshot('09-some-failed');
    await retry.waitFor();
    expect(await page.locator('#result-counts li').allTextContents()).toEqual(['8 imported', '2 Failed']);
    expect(await page.locator('#result-message').textContent()).toMatch(/Retry failed/);
    expect(statusColumn(em, 10).filter((status) => status === 'Failed').length).toBe(2);
    await session.screenshot('09-some-failed');

    await suite.mock.configure({ invalidPhones: [] });
    await retry.click();
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toBe('Imported 2 rows into BotPenguin.');
    expect(await retry.isHidden()).toBe(true);
    expect(statusColumn(em, 10).every((status) => status === 'Imported')).toBe(true);
    expect((await suite.mock.contacts()).length).toBe(10);
    await session.screenshot('10-retried');
  });

  it('stops on a rejected token and points at the token field', async () => {
    const session = await suite.open({ rows: contactRows(4), settings: { token: TOKEN } });
    const { page } = session;
    await suite.mock.configure({ tokens: [OTHER_TOKEN] });

    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect.poll(() => page.locator('#result-message').textContent()).toMatch(/rejected the API token/);
    await expect.poll(() => page.locator('#connection-section').getAttribute('open')).not.toBeNull();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-input');
    expect(await page.locator('#token-input').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#connection-summary').textContent()).toBe('Token rejected');
    await session.screenshot('11-token-stopped');
  });

  it('imports a hostile name verbatim and validates without sending', async () => {
    const rows = [contactRow(1, XSS_NAME), ...contactRows(3).slice(1)];
    const session = await suite.open({ rows, headers: HEADERS, settings: { token: TOKEN } });
    const { page, em } = session;

    await page.getByRole('button', { name: 'Validate only' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toMatch(/^Checked 3 rows: 3 rows are ready/);
    expect((await suite.mock.requests()).filter((request) => request.path.includes('import')).length).toBe(0);
    expect(statusColumn(em, 3)).toEqual(['Valid', 'Valid', 'Valid']);

    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toBe('Imported 3 rows into BotPenguin.');
    const names = (await suite.mock.contacts()).map((contact) => JSON.stringify(contact));
    expect(names.some((text) => text.includes(JSON.stringify(XSS_NAME).slice(1, -1)))).toBe(true);
    expect(session.dialogs).toEqual([]);
  });
});

describe('Columns and defaults', () => {
  it('shows the detected mapping, saves a change, and saves defaults', async () => {
    const headers = ['Full name', 'WhatsApp', 'Country', 'E-mail', 'Labels', 'City', 'Plan <b>tier</b>'];
    const rows = [['Asha Rao', '+91 98765 40001', 'India', 'asha@example.com', 'vip', 'Pune', 'Gold']];
    const session = await suite.open({ rows, headers, settings: { token: TOKEN } });
    const { page } = session;

    await page.locator('#columns-section summary').click();
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('WhatsApp');
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Full name');
    // Unmapped columns are offered as attributes; the header with markup is plain text.
    const attributeLabels = await page.locator('#attribute-list label').allTextContents();
    expect(attributeLabels).toContain('Plan <b>tier</b>');
    expect(await page.locator('#attribute-list b').count()).toBe(0);

    await page.getByLabel('Plan <b>tier</b>').check();
    await page.getByLabel('Tags', { exact: true }).selectOption('');
    expect(await page.locator('#attribute-list label').allTextContents()).toContain('Labels');
    await page.getByRole('button', { name: 'Save columns' }).click();
    await expect
      .poll(() => page.locator('#columns-result').textContent())
      .toBe('Columns saved for this sheet.');
    const saved = session.em.scriptRun('getColumns') as {
      saved: { fields: Record<string, string>; attributes: string[] };
    };
    expect(saved.saved.fields.tags).toBeUndefined();
    expect(saved.saved.attributes).toContain('Plan <b>tier</b>');
    await session.screenshot('12-columns');

    await page.locator('#defaults-section summary').click();
    await page.getByLabel('Default country').fill('United Kingdom');
    await page.getByLabel('Default tags').fill('newsletter, sheets, newsletter');
    await page.getByLabel('Batch size').fill('50');
    await page.getByRole('button', { name: 'Save defaults' }).click();
    await expect.poll(() => page.locator('#defaults-result').textContent()).toBe('Defaults saved.');
    expect(await page.getByLabel('Default country').inputValue()).toBe('United Kingdom (GB)');
    const settings = session.em.scriptRun('getSettings') as Record<string, unknown>;
    expect(settings.defaultCountry).toBe('GB');
    expect(settings.defaultTags).toEqual(['newsletter', 'sheets']);
    expect(settings.batchSize).toBe(50);

    // A country that does not exist is refused in the page, with a sentence.
    await page.getByLabel('Default country').fill('Atlantis');
    await page.getByRole('button', { name: 'Save defaults' }).click();
    await expect.poll(() => page.locator('#defaults-result').getAttribute('data-tone')).toBe('error');
    await session.screenshot('13-defaults');
  });

  it('shows a server error as a sentence in the alert area', async () => {
    const session = await suite.open({
      rows: [['Asha Rao', 'no phone column here']],
      headers: ['Name', 'Notes'],
      settings: { token: TOKEN },
    });
    const { page } = session;
    await page.getByRole('button', { name: 'Import selected' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/No phone column found/);
    expect(text).not.toMatch(/\n\s+at |Error:|Exception:/);
    await session.screenshot('14-error-alert');
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    await expect.poll(() => alert.isHidden()).toBe(true);
  });
});

describe('Signed into several Google accounts', () => {
  const SENTENCE =
    'Google could not tell which of your signed-in accounts is using the add-on, so it refused the request: open the spreadsheet in a window where only one Google account is signed in (for example a private/incognito window), or sign out of the other accounts, then reload.';

  it.each([
    [
      'getSettings',
      "We're sorry, a server error occurred while reading from storage. Error code PERMISSION_DENIED.",
    ],
    ['testConnection', 'ScriptError: Authorization is required to perform that action.'],
  ])('a %s failure is explained, and its raw text is not shown', async (failing, raw) => {
    const session = await suite.open({
      rows: contactRows(3),
      settings: { token: TOKEN },
      beforeCall: (fn) => {
        if (fn === failing) throw new Error(raw);
      },
    });
    const { page } = session;
    if (failing === 'testConnection') {
      await page.locator('#connection-section > summary').click();
      await page.getByRole('button', { name: 'Test connection' }).click();
    }
    // Next to the action that failed: Test connection's result, or the action bar's alert.
    const where = failing === 'testConnection' ? '#connection-result' : '#alert-text';
    await expect.poll(() => page.locator(where).textContent()).toBe(SENTENCE);
    expect(await page.locator(where).isVisible()).toBe(true);
    // The page's words (main and the action bar), not the inline script that knows the raw texts.
    const shown = (await page.locator('.bp-app').textContent()) ?? '';
    expect(shown).not.toContain('PERMISSION_DENIED');
    expect(shown).not.toContain('Authorization is required');
    expect(shown).not.toContain('ScriptError');
  });
});
