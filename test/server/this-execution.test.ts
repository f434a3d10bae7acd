/**
 * What one execution reads once (src/server/this-execution.ts) is forgotten when the next begins:
 * with module state surviving or not, a second user's execution never gets the first user's
 * properties, and a change saved by one execution is what the next one reads.
 */
import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../src/shared/contracts';
import {
  contactRows,
  emulatorFor,
  HEADERS,
  importRequests,
  loadSheet,
  SHEET,
  saveToken,
  TOKEN,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const OWNER = 'owner@example.com';
const EDITOR = 'editor@example.com';
const EDITOR_TOKEN = 'bp-test-token-0002-c3d4';
const bearerOf = (headers: Record<string, string>) => headers.authorization?.replace(/^Bearer /, '');

describe.each([false, true])('per-execution memo, module state surviving: %s', (moduleStateSurvives) => {
  it("each user's run sends with their own token, whoever ran before", async () => {
    t.em.dispose();
    await t.mock.configure({ tokens: [TOKEN, EDITOR_TOKEN] });
    t.em = emulatorFor(t.mock, { userEmail: OWNER, users: { [EDITOR]: {} }, moduleStateSurvives });
    loadSheet(t.em, [HEADERS, ...contactRows(4)]);
    saveToken(t.em);
    t.em.asUser(EDITOR, () => saveToken(t.em, EDITOR_TOKEN));

    t.em.user.select(SHEET, ['A2:D3']);
    t.em.run('menuImportSelected');
    t.em.user.select(SHEET, ['A4:D5']);
    t.em.asUser(EDITOR, () => t.em.run('menuImportSelected'));

    const requests = await importRequests(t.mock);
    expect(requests.map((r) => bearerOf(r.headers))).toEqual([TOKEN, EDITOR_TOKEN]);
  });

  it('a token saved in one execution is the one the next execution reads', () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { moduleStateSurvives });
    loadSheet(t.em, [HEADERS, ...contactRows(1)]);
    expect((t.em.scriptRun('getSettings') as SettingsView).tokenSet).toBe(false);
    saveToken(t.em);
    expect((t.em.scriptRun('getSettings') as SettingsView).tokenSet).toBe(true);
    t.em.scriptRun('saveSettings', { token: null });
    expect((t.em.scriptRun('getSettings') as SettingsView).tokenSet).toBe(false);
  });
});
