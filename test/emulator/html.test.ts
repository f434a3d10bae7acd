import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index';

let em: Emulator | undefined;
let dir = '';
afterEach(() => {
  em?.dispose();
  em = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HtmlService', () => {
  it('evaluates a template file with escaped scriptlets and shows it as a sidebar', () => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-html-'));
    writeFileSync(
      join(dir, 'Sidebar.html'),
      '<h1><?= title ?></h1><? for (var i = 0; i < 2; i++) { ?><p><?!= i ?></p><? } ?>',
    );
    em = createEmulator({
      htmlDir: dir,
      bundleSource: `function show() {
        var t = HtmlService.createTemplateFromFile('Sidebar');
        t.title = '<BotPenguin>';
        SpreadsheetApp.getUi().showSidebar(t.evaluate().setTitle('Contacts'));
      }`,
    });
    em.run('show');
    expect(em.ui.current).toMatchObject({
      kind: 'sidebar',
      title: 'Contacts',
      html: '<h1>&#60;BotPenguin&#62;</h1><p>0</p><p>1</p>',
    });
  });

  it('throws when the HTML file does not exist', () => {
    em = createEmulator({
      bundleSource: `function show() { HtmlService.createHtmlOutputFromFile('Missing'); }`,
      htmlDir: tmpdir(),
    });
    expect(() => em?.run('show')).toThrow('No HTML file named Missing was found.');
  });
});
