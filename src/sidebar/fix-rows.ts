/**
 * Rows to fix: select the Invalid, Failed or Phone changed rows in the sheet with one click, and
 * clear the BotPenguin status of selected rows (after asking, here in the sidebar).
 */
import type { ProblemRowKind, SheetStatusCounts } from '../shared/contracts';
import { type MessageKey, t } from '../shared/i18n';
import { byId, show } from './dom';
import { formatCount } from './format';
import { server } from './rpc';
import { busy, showResult } from './ui';

const selectButtons = [
  byId('select-invalid', HTMLButtonElement),
  byId('select-failed', HTMLButtonElement),
  byId('select-phone-changed', HTMLButtonElement),
];
const LABELS: Record<ProblemRowKind, MessageKey> = {
  invalid: 'sidebar.fixRows.selectInvalid',
  failed: 'sidebar.fixRows.selectFailed',
  phoneChanged: 'sidebar.fixRows.selectPhoneChanged',
};
const sheetCounts = byId('sheet-counts', HTMLSpanElement);
const clearButton = byId('clear-status', HTMLButtonElement);
const confirmBox = byId('clear-confirm', HTMLDivElement);
const question = byId('clear-question', HTMLParagraphElement);
const yesButton = byId('clear-yes', HTMLButtonElement);
const noButton = byId('clear-no', HTMLButtonElement);
const result = byId('rows-result', HTMLParagraphElement);

export const fixRowsButtons = [...selectButtons, clearButton, yesButton];

let counts: SheetStatusCounts | null = null;

const kindOf = (button: HTMLButtonElement) => button.dataset.kind as ProblemRowKind;

/** The sheet's counts, from the summary: a button with nothing to select is disabled. */
export function renderSheetCounts(next: SheetStatusCounts): void {
  counts = next;
  for (const button of selectButtons) {
    const count = next[kindOf(button)];
    button.textContent = `${t(LABELS[kindOf(button)])} (${formatCount(count)})`;
    // Disabled while a run holds the buttons too: hold() re-enables them, then this corrects it.
    if (!button.hasAttribute('aria-busy')) button.disabled = count === 0;
  }
  const problems = next.invalid + next.failed + next.phoneChanged;
  sheetCounts.textContent =
    problems === 0 ? t('sidebar.fixRows.nothing') : t('sidebar.fixRows.toFix', { count: problems });
}

export function initFixRows(afterChange: () => Promise<void>, selectedRows: () => number): void {
  // Their labels carry the sheet's counts, so they are written here, not from data-i18n.
  for (const button of selectButtons) button.textContent = t(LABELS[kindOf(button)]);
  for (const button of selectButtons) {
    button.addEventListener('click', async () => {
      const outcome = await busy(selectButtons, () => server.selectRowsWithStatus(kindOf(button)), result);
      if (counts) renderSheetCounts(counts);
      if (!outcome) return;
      // The preview grows with the new selection: the sentence is shown (and scrolled to) after it.
      await afterChange();
      showResult(result, outcome.message, outcome.rows > 0 ? 'ok' : 'info');
    });
  }

  clearButton.addEventListener('click', () => {
    const rows = selectedRows();
    question.textContent =
      rows === 0 ? t('sidebar.fixRows.noneSelected') : t('sidebar.fixRows.confirm', { count: rows });
    show(yesButton, rows > 0);
    show(confirmBox, true);
    noButton.focus();
  });

  noButton.addEventListener('click', () => {
    show(confirmBox, false);
    clearButton.focus();
  });

  yesButton.addEventListener('click', async () => {
    const outcome = await busy(
      [yesButton, noButton, clearButton],
      () => server.clearStatusOfSelection(),
      result,
    );
    show(confirmBox, false);
    clearButton.focus();
    if (!outcome) return;
    await afterChange();
    showResult(result, outcome.message, outcome.rows > 0 ? 'ok' : 'info');
  });
}
