import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../emulator/index';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

const SOURCE = `
  function install() {
    var ss = SpreadsheetApp.getActiveSpreadsheet();
    var t = ScriptApp.newTrigger('onResponse').forSpreadsheet(ss).onFormSubmit().create();
    return [t.getUniqueId(), t.getHandlerFunction(), String(t.getEventType()), String(t.getTriggerSource())];
  }
  function installClock(hours) { ScriptApp.newTrigger('tick').timeBased().everyHours(hours).create(); }
  function installMinutes() { ScriptApp.newTrigger('tick').timeBased().everyMinutes(30).create(); }
  function listMine() {
    var ss = SpreadsheetApp.getActiveSpreadsheet();
    return [ScriptApp.getUserTriggers(ss).length, ScriptApp.getProjectTriggers().length];
  }
  function removeAll() {
    ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });
  }
  function onResponse(e) {
    var sheet = e.range.getSheet();
    sheet.getRange(e.range.getRow(), 4).setValue('Seen ' + e.namedValues['Name'][0] + ' ' + e.values[1]
      + ' ' + e.authMode + ' ' + (e.triggerUid ? 'uid' : 'no uid'));
  }
  function tick(e) {
    var props = PropertiesService.getScriptProperties();
    props.setProperty('ticks', String(Number(props.getProperty('ticks') || 0) + 1));
  }
  function tickWithUi() { SpreadsheetApp.getUi().alert('done'); }
  function tickWithToast() { SpreadsheetApp.getActiveSpreadsheet().toast('done'); }`;

const SCOPED = {
  manifest: {
    oauthScopes: [
      SCOPES.spreadsheetsCurrentOnly,
      SCOPES.containerUi,
      SCOPES.externalRequest,
      SCOPES.scriptApp,
    ],
  },
};

function withSheet() {
  const e = emulate(SOURCE, SCOPED);
  e.user.addSheet('Responses');
  e.user.setValues('Responses', 'A1:C1', [['Timestamp', 'Name', 'Phone']]);
  return e;
}

describe('installable triggers (ScriptApp)', () => {
  it('creates a form-submit trigger and runs it when a response arrives', () => {
    const e = withSheet();
    expect(e.run('install')).toEqual(['1', 'onResponse', 'ON_FORM_SUBMIT', 'SPREADSHEETS']);
    const runs = e.triggers.fireFormSubmit('Responses', ['1/6/2025 9:00:00', 'Amy', '+919876543210']);
    expect(runs).toEqual([
      { fn: 'onResponse', triggerUid: '1', user: 'user@example.com', at: expect.any(Number) },
    ]);
    expect(e.user.getValues('Responses', 'B2:D2')).toEqual([['Amy', 919876543210, 'Seen Amy Amy FULL uid']]);
    expect(e.executions.map((x) => x.kind)).toEqual(['run', 'formSubmitTrigger']);
  });

  it('allows one trigger of each event type per user per document in an add-on', () => {
    const e = withSheet();
    e.run('install');
    expect(() => e.run('install')).toThrow(
      'This add-on already has a ON_FORM_SUBMIT trigger for this user in this document.',
    );
    e.run('installClock', 1);
    expect(() => e.run('installClock', 2)).toThrow('already has a CLOCK trigger');
    expect(e.run('listMine')).toEqual([2, 2]);
    e.run('removeAll');
    expect(e.run('listMine')).toEqual([0, 0]);
  });

  it('refuses time-driven triggers more often than hourly in an add-on', () => {
    const e = withSheet();
    expect(() => e.run('installMinutes')).toThrow('at most once per hour');
    expect(() => e.run('installClock', 0.5)).toThrow('at most once per hour');
    expect(e.triggers.list).toHaveLength(0);
  });

  it('runs time-driven triggers as they fall due on the virtual clock', () => {
    const e = withSheet();
    const start = e.clock.now();
    e.run('installClock', 2);
    const runs = e.triggers.runDue(start + 7 * 3_600_000);
    expect(runs.map((r) => r.fn)).toEqual(['tick', 'tick', 'tick']);
    expect(e.properties.script.get('ticks')).toBe('3');
    expect(e.clock.now()).toBe(start + 7 * 3_600_000);
    expect(e.executions.filter((x) => x.kind === 'timeTrigger')).toHaveLength(3);
  });

  it('gives trigger executions no UI: getUi and toast throw, and the run records the error', () => {
    for (const handler of ['tickWithUi', 'tickWithToast']) {
      const e = emulate(SOURCE.replace("newTrigger('tick')", `newTrigger('${handler}')`), SCOPED);
      e.run('installClock', 1);
      const [run] = e.triggers.runDue(e.clock.now() + 3_600_000);
      expect(run.error).toBe('Exception: Cannot call SpreadsheetApp.getUi() from this context.');
      expect(e.executions[1]).toMatchObject({ kind: 'timeTrigger', error: run.error });
    }
    // The same handler run from the menu has a UI.
    const e = emulate(SOURCE, SCOPED);
    e.run('tickWithUi');
    expect(e.ui.alerts).toHaveLength(1);
  });
});
