/** The sidebar's selection preview: what Import selected would do, without doing it. */

import { describeSentNumber } from '../core/contacts';
import { previewMessage } from '../core/messages';
import type { GuessedCountrySample, InvalidRowSample, SelectionPreview } from '../shared/contracts';
import { requestsFor, urlFetchUsage } from './fetch-meter';
import { plannedCustomerId } from './partner';
import { type PlannedRow, planRows } from './row-plan';
import { selectedRowNumbers } from './sheet';
import { loadContext, requirePhoneColumn } from './sheet-context';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const INVALID_SAMPLES = 5;
const GUESSED_COUNTRY_SAMPLES = 3;

export function previewSelection(sheet: Sheet): SelectionPreview {
  const ctx = loadContext(sheet);
  requirePhoneColumn(ctx);
  const rows = selectedRowNumbers(sheet, ctx.data.headerRow, ctx.data.lastRow);
  const planned = planRows(ctx, rows, 'selected', false, plannedCustomerId(sheet.getSheetId()));
  const count = (what: PlannedRow['counted']) => planned.filter((p) => p.counted === what).length;
  const invalidSamples: InvalidRowSample[] = [];
  for (const p of planned) {
    if (invalidSamples.length === INVALID_SAMPLES) break;
    if (p.outcome.kind === 'invalid') {
      invalidSamples.push({ row: p.row, label: p.outcome.label, reasons: p.outcome.reasons });
    }
  }
  // Rows about to be sent whose country the row itself does not give: say how they will go out.
  const guessed = { default: 0, 'leading-digits': 0 };
  const guessedCountrySamples: GuessedCountrySample[] = [];
  for (const p of planned) {
    if (p.counted !== 'queued' || p.outcome.kind !== 'valid') continue;
    const source = p.outcome.phone.countrySource;
    if (source !== 'default' && source !== 'leading-digits') continue;
    guessed[source]++;
    if (guessedCountrySamples.length < GUESSED_COUNTRY_SAMPLES) {
      guessedCountrySamples.push({ row: p.row, asSent: describeSentNumber(p.outcome.phone) });
    }
  }
  const counts = {
    rowsSelected: planned.length,
    ready: count('queued'),
    invalid: count('invalid'),
    alreadyImported: count('alreadyImported'),
    duplicates: count('duplicates'),
    hiddenByFilter: count('skipped'),
    noConsent: count('noConsent'),
    phoneChanged: count('phoneChanged'),
    optedOut: count('optedOut'),
    countryFromDefault: guessed.default,
    countryFromLeadingDigits: guessed['leading-digits'],
  };
  return {
    sheetName: sheet.getName(),
    ...counts,
    guessedCountrySamples,
    invalidSamples,
    message: previewMessage(counts),
    estimatedRequests: requestsFor(counts.ready, ctx.settings.batchSize),
    urlFetch: urlFetchUsage(),
  };
}
