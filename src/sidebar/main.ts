/** Sidebar entry: loads settings, columns and the selection preview, then wires the sections. */
import type { SettingsView } from '../shared/contracts';
import { columnsButtons, initColumns, renderColumns, setHeaderRowSetting } from './columns';
import { connectionButtons, initConnection, pointAtToken, renderConnection } from './connection';
import { defaultsButtons, initDefaults, renderDefaults } from './defaults';
import { initImport } from './importer';
import { server } from './rpc';
import { initSelection, pausePreviewRefresh, refreshPreview } from './selection';
import { busy } from './ui';

function applySettings(view: SettingsView): void {
  renderConnection(view);
  renderDefaults(view);
  setHeaderRowSetting(view.headerRow);
}

async function start(): Promise<void> {
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
    },
    onStopped: () => pointAtToken(),
  });

  const everyButton = [...connectionButtons, ...columnsButtons, ...defaultsButtons];
  // google.script.run allows ten calls in flight: these three can go together.
  await Promise.all([
    busy(everyButton, async () => applySettings(await server.getSettings())),
    busy(columnsButtons, async () => renderColumns(await server.getColumns())),
    refreshPreview(),
  ]);
  document.querySelector('main')?.setAttribute('aria-busy', 'false');
}

void start();
