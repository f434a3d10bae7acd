/** Sidebar entry: loads settings, columns and the selection preview, then wires the sections. */
import type { SettingsView } from '../shared/contracts';
import { confirmRequestsLeft, initAutomation, refreshAutomation } from './automation';
import { columnsButtons, initColumns, renderColumns, setHeaderRowSetting } from './columns';
import { connectionButtons, initConnection, pointAtToken, renderConnection } from './connection';
import { confirmDestination, initPartner, partnerButtons, renderPartner } from './customers';
import { defaultsButtons, initDefaults, renderDefaults } from './defaults';
import { initExport } from './export';
import { fixRowsButtons, initFixRows, renderSheetCounts } from './fix-rows';
import { clearStaleErrors, initImport, isImportRunning, setRetryCount, showLastRun } from './importer';
import { applyLanguage, readServedWords } from './language';
import { pulse, startLive } from './live';
import { initOptOuts, optOutButtons, refreshOptOuts } from './optouts';
import { server } from './rpc';
import {
  initSelection,
  latestPreview,
  pausePreviewRefresh,
  refreshPreview,
  selectedRowCount,
} from './selection';
import { initTags, loadTags, renderTagCheck } from './tags';
import { busy } from './ui';

function applySettings(view: SettingsView): void {
  renderConnection(view);
  renderPartner(view);
  renderDefaults(view);
  renderTagCheck();
  setHeaderRowSetting(view.headerRow);
}

/** The settings sections and the row tools: each save or change refreshes the preview. */
function initSections(): void {
  // A saved setting changes what an import would do: the preview says so, old errors go.
  const afterSave = (view: SettingsView) => {
    applySettings(view);
    clearStaleErrors();
    void refreshPreview();
  };
  initConnection((view) => {
    afterSave(view);
    // A new token or host may mean another account: its tags.
    void loadTags(false, true);
  });
  initPartner(
    (view) => {
      applySettings(view);
      void loadTags(false, true);
    },
    // Another customer is another account: its tags, and the preview's "already imported".
    () => {
      void loadTags(false, true);
      void refreshPreview();
    },
  );
  initColumns(() => {
    clearStaleErrors();
    void refreshPreview();
  });
  initDefaults(afterSave);
  initTags();
  initSelection();
  initFixRows(() => pulse().then(() => refreshPreview()), selectedRowCount);
  initOptOuts(() => pulse().then(() => refreshPreview()));
}

function initImportSection(): void {
  initImport({
    otherButtons: [
      ...connectionButtons,
      ...partnerButtons,
      ...columnsButtons,
      ...defaultsButtons,
      ...fixRowsButtons,
      ...optOutButtons,
    ],
    onStart: () => pausePreviewRefresh(true),
    onFinish: () => {
      pausePreviewRefresh(false);
      void pulse();
      void refreshAutomation();
      void refreshOptOuts();
    },
    onStopped: () => pointAtToken(),
    // The preview estimates the selection's requests; other runs are not asked about.
    confirmStart: (options) =>
      confirmDestination(options.mode ?? 'selected', latestPreview()?.ready ?? null) &&
      (options.mode !== 'selected' || confirmRequestsLeft(latestPreview())),
  });
}

/** The sidebar's poll: the sheet's counts and latest run, and a fresh preview after a change. */
function startLiveSummary(): void {
  startLive({
    onSummary: (summary) => {
      renderSheetCounts(summary.statusCounts);
      if (!isImportRunning()) {
        setRetryCount(summary.statusCounts.failed + summary.statusCounts.queued);
        showLastRun(summary.lastRun, summary.sheetName);
      }
    },
    onChange: () => {
      void refreshPreview();
      void refreshOptOuts();
    },
    isPaused: isImportRunning,
  });
}

async function start(): Promise<void> {
  // The language the server opened the page in (Open sidebar sets <html lang> and adds its
  // words), else English, until getSettings says which language the user reads.
  readServedWords();
  applyLanguage(document.documentElement.lang || 'en');
  initSections();
  initImportSection();
  startLiveSummary();
  initAutomation();
  initExport();

  const everyButton = [...connectionButtons, ...partnerButtons, ...columnsButtons, ...defaultsButtons];
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
    pulse(),
    refreshAutomation(),
    refreshOptOuts(),
  ]);
  document.querySelector('main')?.setAttribute('aria-busy', 'false');
}

void start();
