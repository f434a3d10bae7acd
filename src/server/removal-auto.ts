/**
 * Opt-outs in the automatic import: off by default; when a sheet's "Handle opt-outs
 * automatically" is on, each automatic run of that sheet also handles its opt-outs (remove or tag,
 * as chosen), with no confirmation — switching it on was the user's choice. Either way the sidebar
 * says so when the automatic import is on.
 */
import { t } from '../shared/i18n';
import { userMessage } from './menu';
import { runWholeRemoval, unfinishedRemoval } from './removal';
import { getOptOutSettings } from './removal-settings';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Below this a removal would not get through one wave of lookups; the next run goes on. */
const MIN_REMOVAL_MS = 20_000;

export function optOutsNote(sheet: Sheet): string {
  return getOptOutSettings(sheet.getSheetId()).automatic ? t('auto.optOutsOn') : t('auto.optOutsOff');
}

/** The run's sentence when it did something (for the sheet's last-run line), else null. */
export function handleOptOutsAutomatically(sheet: Sheet, budgetMs: number): string | null {
  if (!getOptOutSettings(sheet.getSheetId()).automatic || budgetMs < MIN_REMOVAL_MS) return null;
  try {
    // A run an earlier execution left unfinished goes on first; its rows are not planned anew.
    const unfinished = unfinishedRemoval(sheet, 'optOuts');
    const start = unfinished ? { resume: unfinished.id } : { kind: 'optOuts' as const, confirmation: null };
    const progress = runWholeRemoval(sheet, start, budgetMs);
    return progress.state === 'nothing' || progress.state === 'busy' ? null : progress.message;
  } catch (error) {
    return userMessage(error);
  }
}
