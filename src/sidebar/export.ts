/**
 * Export from BotPenguin: contacts (optionally one tag, or a search text) into a new tab, page by
 * page; each server call runs ~20 s, so the count moves and a large export spans many calls.
 */
import { BRAND } from '../shared/brand';
import type { ExportProgress } from '../shared/contracts';
import { byId } from './dom';
import { plural } from './format';
import { server } from './rpc';
import { busy, showResult } from './ui';

const form = byId('export-form', HTMLFormElement);
const tagInput = byId('export-tag', HTMLInputElement);
const searchInput = byId('export-search', HTMLInputElement);
const startButton = byId('export-start', HTMLButtonElement);
const result = byId('export-result', HTMLParagraphElement);

function renderProgress(progress: ExportProgress): void {
  const tone = progress.state === 'done' ? 'ok' : progress.state === 'running' ? 'info' : 'error';
  const text =
    progress.state === 'running'
      ? `Exporting into "${progress.sheetName}": ${plural(progress.contacts, 'contact')} so far…`
      : progress.message;
  showResult(result, text, tone);
}

async function runExport(): Promise<void> {
  const options = {
    ...(tagInput.value.trim() ? { tag: tagInput.value.trim() } : {}),
    ...(searchInput.value.trim() ? { searchText: searchInput.value.trim() } : {}),
  };
  await busy([startButton], async () => {
    let progress = await server.startExport(options);
    renderProgress(progress);
    while (progress.state === 'running') {
      progress = await server.continueExport(progress.exportId);
      renderProgress(progress);
    }
  });
  startButton.focus();
}

export function initExport(): void {
  // The page carries no brand words of its own: a partner's build shows the partner's name.
  byId('export-title', HTMLSpanElement).textContent = `Export from ${BRAND.serviceName}`;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runExport();
  });
}
