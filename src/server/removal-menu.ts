/**
 * Handle opt-outs and Remove selected contacts from the menu: the dry run, one confirmation naming
 * the count and the first numbers, then the whole removal in this execution (an unfinished one of
 * the same kind is offered first, so a run cut by the time limit goes on where it stopped).
 */
import { MENU_RUN_BUDGET_MS } from '../core/limits';
import type { RemovalKind, RemovalProgress } from '../shared/contracts';
import { t } from '../shared/i18n';
import { ADDON_NAME } from './config';
import { userMessage } from './menu';
import { cancelRemoval, planRemoval, runWholeRemoval, unfinishedRemoval } from './removal';

export function runRemovalFromMenu(kind: RemovalKind): void {
  const ui = SpreadsheetApp.getUi();
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  let progress: RemovalProgress;
  try {
    const sheet = spreadsheet.getActiveSheet();
    const unfinished = unfinishedRemoval(sheet, kind);
    let start: Parameters<typeof runWholeRemoval>[1] | null = null;
    if (unfinished) {
      const answer = ui.alert(
        ADDON_NAME,
        t('removal.continueQuestion', { count: unfinished.left }),
        ui.ButtonSet.YES_NO_CANCEL,
      );
      if (answer === ui.Button.CANCEL || answer === ui.Button.CLOSE) return;
      if (answer === ui.Button.YES) start = { resume: unfinished.id };
      // No: that removal ends here, its rows not done get their Details back, and a new one starts.
      else cancelRemoval(unfinished.id);
    }
    if (!start) {
      const plan = planRemoval(sheet, kind);
      if (plan.eligible === 0) {
        ui.alert(ADDON_NAME, plan.message, ui.ButtonSet.OK);
        return;
      }
      if (ui.alert(ADDON_NAME, plan.message, ui.ButtonSet.YES_NO) !== ui.Button.YES) {
        spreadsheet.toast(t('removal.notConfirmedByUser'), ADDON_NAME, 5);
        return;
      }
      start = { kind, confirmation: plan.confirmation };
    }
    const chosen = start;
    progress = runWholeRemoval(sheet, chosen, MENU_RUN_BUDGET_MS);
  } catch (error) {
    ui.alert(ADDON_NAME, userMessage(error), ui.ButtonSet.OK);
    return;
  }
  const clean =
    progress.state === 'done' &&
    progress.counts.failed === 0 &&
    progress.counts.notFound === 0 &&
    progress.counts.several === 0;
  if (clean) spreadsheet.toast(progress.message, ADDON_NAME, 10);
  else ui.alert(ADDON_NAME, progress.message, ui.ButtonSet.OK);
}
