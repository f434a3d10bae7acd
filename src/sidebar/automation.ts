/**
 * The Automation section: the sheet's "Import new rows automatically" switch (whose trigger it is,
 * its last run, why it turned itself off), the add-on's URL Fetch use today, and Open log. Before
 * an import that needs more requests than are left today, the user is asked.
 */

import type { AutoImportView, SelectionPreview, UrlFetchUsage } from '../shared/contracts';
import { t } from '../shared/i18n';
import { byId, show } from './dom';
import { formatCount } from './format';
import { server } from './rpc';
import { busy } from './ui';

const toggle = byId('auto-import', HTMLInputElement);
const state = byId('auto-state', HTMLParagraphElement);
const note = byId('auto-note', HTMLParagraphElement);
const usage = byId('fetch-usage', HTMLParagraphElement);
const openLogButton = byId('open-log', HTMLButtonElement);

function renderAutoImport(view: AutoImportView): void {
  toggle.checked = view.on;
  const last = view.lastRun
    ? t('sidebar.automation.lastRun', { when: view.lastRun })
    : t('sidebar.automation.notRunYet');
  if (view.on) {
    const key = view.kind === 'form' ? 'sidebar.automation.onForm' : 'sidebar.automation.onHourly';
    // Google may hide an email: the owner is then "another editor" (or just "you").
    const named = view.owner || (view.mine ? '' : t('sidebar.automation.anotherEditor'));
    const owner = view.mine ? t('sidebar.automation.you', { owner: named }).trim() : named;
    const parts = [t(key, { owner }), last];
    if (view.notRunningSince) parts.push(t('sidebar.automation.notRunning', { when: view.notRunningSince }));
    // Said plainly to the owner: editors' rows go into their account.
    if (view.mine) parts.push(t('sidebar.automation.editorsRows'));
    if (view.optOuts) parts.push(view.optOuts);
    if (view.runtime) parts.push(view.runtime.message);
    state.textContent = parts.join(' ');
  } else {
    state.textContent = view.lastRun
      ? `${t('sidebar.automation.off')} ${last}`
      : t('sidebar.automation.offNever');
  }
  // Why it turned itself off, or why the owner's last run could not reach the spreadsheet.
  const problem = [view.note, view.problem].filter((text): text is string => !!text).join(' ');
  note.textContent = problem;
  show(note, problem !== '');
}

function renderUsage(view: UrlFetchUsage): void {
  usage.textContent = /[.!?।]$/.test(view.message) ? view.message : `${view.message}.`;
}

export async function refreshAutomation(): Promise<void> {
  await busy([openLogButton], async () => {
    const [view, fetches] = await Promise.all([server.getAutoImport(), server.getUrlFetchUsage()]);
    renderAutoImport(view);
    renderUsage(fetches);
  });
}

/** True to start: the run fits in what is left of today's URL Fetch allowance, or the user says so. */
export function confirmRequestsLeft(preview: SelectionPreview | null): boolean {
  if (!preview || preview.estimatedRequests <= preview.urlFetch.left) return true;
  const { left, dailyLimit, resetsAt } = preview.urlFetch;
  return window.confirm(
    t('sidebar.automation.confirm', {
      count: preview.estimatedRequests,
      left: formatCount(left),
      limit: formatCount(dailyLimit),
      resetsAt,
    }),
  );
}

/**
 * Rows a cancelled or cut-short import left Queued are sent by the hourly automatic import: switch
 * it on for this sheet, so the marketer can close the sidebar.
 */
export async function finishInBackground(): Promise<AutoImportView | null> {
  const view = await busy([openLogButton], () => server.setAutoImport(true));
  if (view) renderAutoImport(view);
  return view;
}

export function initAutomation(): void {
  toggle.addEventListener('change', () => {
    const on = toggle.checked;
    toggle.disabled = true;
    void busy([openLogButton], async () => renderAutoImport(await server.setAutoImport(on))).then((done) => {
      if (done === null) toggle.checked = !on;
      toggle.disabled = false;
    });
  });
  openLogButton.addEventListener('click', () => void busy([openLogButton], () => server.openLog()));
}
