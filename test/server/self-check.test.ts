/**
 * "Check this installation" on the bundle in the emulator: each answer Apps Script's pages leave
 * open is run both ways (emulator options), written to the log tab in the user's language, and
 * the answers the code depends on are read back where it depends on them.
 */
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../emulator/index';
import type { AutoImportView } from '../../src/shared/contracts';
import {
  contactRows,
  emulatorFor,
  HEADERS,
  importRequests,
  loadSheet,
  saveToken,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const MINUTE = 60_000;
const HOUR = 3_600_000;

const logAnswers = () => {
  const model = t.em.spreadsheet.sheet('BotPenguin log');
  if (!model) return [];
  return t.em.user
    .getValues('BotPenguin log', `A2:O${model.lastRow()}`)
    .filter((row) => row[3] === 'Check this installation')
    .map((row) => [row[2], String(row[14])]);
};
const facts = () => JSON.parse(t.em.properties.script.get('platformFacts') ?? '{}');
const check = () => {
  t.em.run('menuCheckInstallation');
  return t.em.triggers.runDue(t.em.clock.now() + 2 * MINUTE);
};

describe('Check this installation', () => {
  it('answers each question in the log, and its one-off trigger records what it saw and deletes itself', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(2)]);
    const sheetsBefore = t.em.spreadsheet.sheets.map((s) => s.name);
    t.em.run('menuCheckInstallation');
    expect(t.em.ui.alerts).toHaveLength(1);
    expect(t.em.triggers.list.map((tr) => [tr.handlerFunction, tr.eventType])).toEqual([
      ['selfCheckTrigger', 'CLOCK'],
    ]);
    expect(logAnswers().map((a) => a[1])).toEqual([
      'Permissions: every permission the add-on asks for is granted.',
      'Plain-text cells drop a leading apostrophe written into them, as when typing.',
      "API host https://api-v7.express-chat.com/: allowed by the manifest's allowlist.",
      'Several requests at once: when one fails, Apps Script fails the whole call.',
      'Automatic runs: a one-off test run starts in about a minute; its answers will appear in the log tab.',
    ]);
    // The probe tab is gone; the user is where they were.
    expect(t.em.spreadsheet.sheets.map((s) => s.name)).toEqual([...sheetsBefore, 'BotPenguin log']);

    const runs = t.em.triggers.runDue(t.em.clock.now() + 2 * MINUTE);
    expect(runs.map((r) => [r.fn, r.error])).toEqual([['selfCheckTrigger', undefined]]);
    expect(t.em.triggers.list).toEqual([]);
    expect(logAnswers().slice(5)).toEqual([
      ['Automatic', 'Automatic runs see this spreadsheet.'],
      ['Automatic', 'Automatic runs find their own trigger.'],
      ['Automatic', "Automatic runs get the spreadsheet's lock."],
      [
        'Automatic',
        "The automatic run a minute later did not see the mark the menu's check left in memory: Apps Script started the script afresh. The add-on never relies on it either way.",
      ],
    ]);
    expect(facts()).toMatchObject({
      moduleStateSurvives: false,
      clockHasSpreadsheet: true,
      clockListsOwnTrigger: true,
      clockHasDocumentLock: true,
      plainTextKeepsApostrophe: false,
    });
    // Nothing left behind to run again.
    expect(t.em.triggers.runDue(t.em.clock.now() + 2 * HOUR)).toEqual([]);
  });

  it('records the other answers where the platform differs, and speaks the user’s language', () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, {
      userLocale: 'es',
      plainTextKeepsApostrophe: true,
      fetchAllOnHttpError: 'per-request',
      clockTriggersListThemselves: false,
      moduleStateSurvives: true,
    });
    loadSheet(t.em, [HEADERS, ...contactRows(1)]);
    t.em.auth.revoke(SCOPES.userinfoEmail);
    const runs = check();
    expect(runs.map((r) => r.error)).toEqual([undefined]);
    const answers = logAnswers().map((a) => a[1]);
    expect(answers[0]).toBe(
      'Permisos: no todos concedidos (concedidos: spreadsheets.currentonly, script.container.ui, script.external_request, script.scriptapp). Abre el complemento desde el menú Extensiones, permite todos los permisos que pide y vuelve a comprobar.',
    );
    expect(answers[1]).toMatch(/^Las celdas de texto sin formato conservan/);
    expect(answers[3]).toMatch(/HTTP 404\)\.$/);
    expect(answers).toContain(
      'Las ejecuciones automáticas no encuentran su propio activador; el complemento lo reconoce por lo que registró al activarse.',
    );
    expect(answers).toContain(
      'La comprobación del menú dejó una marca en memoria y la ejecución automática de un minuto después aún la vio: Apps Script reutilizó la memoria del script. El complemento nunca depende de ello.',
    );
    expect(facts()).toMatchObject({
      clockListsOwnTrigger: false,
      plainTextKeepsApostrophe: true,
      moduleStateSurvives: true,
    });
    // Not listed, it cannot delete itself: the next check removes the spent one before making another.
    expect(t.em.triggers.list.map((tr) => tr.handlerFunction)).toEqual(['selfCheckTrigger']);
    t.em.run('menuCheckInstallation');
    expect(t.em.triggers.list).toHaveLength(1);
    expect(t.em.triggers.list[0].nextDueAt).toBeGreaterThan(t.em.clock.now());
    // Switching automatic import on makes way: one time-driven trigger per user and document.
    saveToken(t.em);
    expect((t.em.scriptRun('setAutoImport', true) as AutoImportView).on).toBe(true);
    expect(t.em.triggers.list.map((tr) => tr.handlerFunction)).toEqual(['autoImportHourly']);
  });

  it('without a document in the trigger run, the answers wait for the next check', () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { clockTriggersSeeDocument: false });
    loadSheet(t.em, [HEADERS, ...contactRows(1)]);
    expect(check().map((r) => r.error)).toEqual([undefined]);
    expect(facts()).toMatchObject({ clockHasSpreadsheet: false, clockHasDocumentLock: false });
    expect(logAnswers()).toHaveLength(5);
    t.em.run('menuCheckInstallation');
    expect(logAnswers().map((a) => a[1])).toContain(
      'Automatic runs do not see the spreadsheet: the hourly import will record that it could not run.',
    );
  });

  it('with automatic import on, says why the trigger part waits', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(1)]);
    saveToken(t.em);
    t.em.scriptRun('setAutoImport', true);
    t.em.run('menuCheckInstallation');
    expect(logAnswers().at(-1)?.[1]).toMatch(/^Automatic runs: not checked, because automatic import is on/);
    expect(t.em.triggers.list.map((tr) => tr.handlerFunction)).toEqual(['autoImportHourly']);
  });

  it('a handler call from the sidebar records nothing', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(1)]);
    t.em.scriptRun('selfCheckTrigger', { triggerUid: '1' });
    expect(t.em.properties.script.get('platformFacts')).toBeNull();
  });
});

describe('the code reads the stored answers', () => {
  const hourlyImports = async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(2)]);
    saveToken(t.em);
    expect((t.em.scriptRun('setAutoImport', true) as AutoImportView).on).toBe(true);
    const runs = t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(runs.map((r) => r.error)).toEqual([undefined]);
    return (await importRequests(t.mock)).length;
  };

  it('an hourly run whose trigger is not listed still imports (the switch-on record vouches for it)', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { clockTriggersListThemselves: false });
    expect(await hourlyImports()).toBe(1);
  });

  it('once the check saw triggers listed, an unlisted trigger run does nothing', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { clockTriggersListThemselves: false });
    t.em.properties.script.set('platformFacts', JSON.stringify({ clockListsOwnTrigger: true }));
    expect(await hourlyImports()).toBe(0);
  });
});
