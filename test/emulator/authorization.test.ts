import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../emulator/index';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

const SOURCE = `
  function onOpen(e) {
    SpreadsheetApp.getUi().createAddonMenu().addItem('Import', 'importAll').addToUi();
  }
  function activeName() { return SpreadsheetApp.getActiveSpreadsheet().getName(); }
  function readProps() { return PropertiesService.getUserProperties().getProperty('x'); }
  function openOther() { return SpreadsheetApp.openById('other-id').getName(); }
  function addTrigger() { ScriptApp.newTrigger('tick').timeBased().everyHours(1).create(); }
  function showSidebar() {
    SpreadsheetApp.getUi().showSidebar(HtmlService.createHtmlOutput('<p>hi</p>'));
  }
  function alertUser() { SpreadsheetApp.getUi().alert('Hello'); }`;

const ADDON_SCOPES = [SCOPES.spreadsheetsCurrentOnly, SCOPES.containerUi, SCOPES.externalRequest];

describe('AuthMode.NONE', () => {
  it('builds the add-on menu but blocks every service that needs authorization', () => {
    const e = emulate(SOURCE, { manifest: { oauthScopes: ADDON_SCOPES } });
    e.runWithEvent('onOpen', { authMode: 'NONE' });
    expect(e.ui.menus).toHaveLength(1);
    expect(() => e.runWithEvent('activeName', { authMode: 'NONE' })).toThrow(
      'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet. Required permissions: (https://www.googleapis.com/auth/spreadsheets.currentonly || https://www.googleapis.com/auth/spreadsheets)',
    );
    expect(() => e.runWithEvent('readProps', { authMode: 'NONE' })).toThrow(
      'You do not have permission to call PropertiesService.getUserProperties',
    );
    expect(() => e.runWithEvent('alertUser', { authMode: 'NONE' })).toThrow(
      'You do not have permission to call Ui.alert',
    );
    // The same calls work in FULL.
    expect(e.run('activeName')).toBe('Contacts');
    expect(e.run('readProps')).toBeNull();
  });
});

describe('manifest oauthScopes', () => {
  it('refuses openById under spreadsheets.currentonly', () => {
    const e = emulate(SOURCE, { manifest: { oauthScopes: ADDON_SCOPES } });
    expect(() => e.run('openOther')).toThrow(
      'You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets',
    );
  });

  it('refuses trigger calls without script.scriptapp, and allows them with it', () => {
    const without = emulate(SOURCE, { manifest: { oauthScopes: ADDON_SCOPES } });
    expect(() => without.run('addTrigger')).toThrow(
      'You do not have permission to call ScriptApp.TriggerBuilder.create. Required permissions: https://www.googleapis.com/auth/script.scriptapp',
    );
    const withScope = emulate(SOURCE, { manifest: { oauthScopes: [...ADDON_SCOPES, SCOPES.scriptApp] } });
    withScope.run('addTrigger');
    expect(withScope.triggers.list).toHaveLength(1);
  });

  it('refuses HtmlService and Ui dialogs without script.container.ui', () => {
    const e = emulate(SOURCE, { manifest: { oauthScopes: [SCOPES.spreadsheetsCurrentOnly] } });
    expect(() => e.run('showSidebar')).toThrow(
      'You do not have permission to call HtmlService.createHtmlOutput. Required permissions: https://www.googleapis.com/auth/script.container.ui',
    );
    expect(() => e.run('alertUser')).toThrow(
      'Required permissions: https://www.googleapis.com/auth/script.container.ui',
    );
    const allowed = emulate(SOURCE, { manifest: { oauthScopes: ADDON_SCOPES } });
    allowed.run('showSidebar');
    expect(allowed.ui.sidebars).toHaveLength(1);
  });

  it('refuses the active spreadsheet when the user revoked its scope (granular consent)', () => {
    const e = emulate(SOURCE, { manifest: { oauthScopes: ADDON_SCOPES } });
    e.auth.revoke(SCOPES.spreadsheetsCurrentOnly);
    expect(() => e.run('activeName')).toThrow(
      'You do not have permission to call SpreadsheetApp.getActiveSpreadsheet',
    );
  });
});
