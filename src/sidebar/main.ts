/** Sidebar entry: loads settings, columns and the selection preview, then wires the sections. */
import type { SettingsView } from '../shared/contracts';
import { confirmRequestsLeft, initAutomation, refreshAutomation } from './automation';
import { columnsButtons, initColumns, renderColumns, setHeaderRowSetting } from './columns';
import { connectionButtons, initConnection, pointAtToken, renderConnection } from './connection';
import { defaultsButtons, initDefaults, renderDefaults } from './defaults';
import { initExport } from './export';
import { initImport } from './importer';
import { applyLanguage } from './language';
import { server } from './rpc';
import { initSelection, latestPreview, pausePreviewRefresh, refreshPreview } from './selection';
import { busy } from './ui';

function applySettings(view: SettingsView): void {
  renderConnection(view);
  renderDefaults(view);
  setHeaderRowSetting(view.headerRow);
}

async function start(): Promise<void> {
  // The language the server opened the page in (Open sidebar sets <html lang>), else English,
  // until getSettings says which language the user reads.
  applyLanguage(document.documentElement.lang || 'en');
  initConnection(applySettings);
  initColumns(() => void refreshPreview());
  initDefaults(applySettings);
  initSelection();
  initImport({
    otherButtons: [...connectionButtons, ...columnsButtons, ...defaultsButtons],
    onStart: () => pausePreviewRefresh(true),
    onFinish: () => {
      pausePreviewRefresh(false);
      void refreshPreview();
      void refreshAutomation();
    },
    onStopped: () => pointAtToken(),
    // The preview estimates the selection's requests; other runs are not asked about.
    confirmStart: (options) => options.mode !== 'selected' || confirmRequestsLeft(latestPreview()),
  });
  initAutomation();
  initExport();

  const everyButton = [...connectionButtons, ...columnsButtons, ...defaultsButtons];
  // The settings carry the user's language, which the other sections are rendered in.
  await busy(everyButton, async () => {
    const settings = await server.getSettings();
    applyLanguage(settings.language);
    applySettings(settings);
  });
  // google.script.run allows ten calls in flight: these can go together.
  await Promise.all([
    busy(columnsButtons, async () => renderColumns(await server.getColumns())),
    refreshPreview(),
    refreshAutomation(),
  ]);
  document.querySelector('main')?.setAttribute('aria-busy', 'false');
}

void start();
