/** The sidebar's selection preview: what Import selected would do, without doing it. */
import { previewMessage } from '../core/messages';
import type { InvalidRowSample, SelectionPreview } from '../shared/contracts';
import { requestsFor, urlFetchUsage } from './fetch-meter';
import { type PlannedRow, planRows } from './row-plan';
import { selectedRowNumbers } from './sheet';
import { loadContext, requirePhoneColumn } from './sheet-context';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const INVALID_SAMPLES = 5;

export function previewSelection(sheet: Sheet): SelectionPreview {
  const ctx = loadContext(sheet);
  requirePhoneColumn(ctx);
  const rows = selectedRowNumbers(sheet, ctx.data.headerRow, ctx.data.lastRow);
  const planned = planRows(ctx, rows, 'selected', false);
  const count = (what: PlannedRow['counted']) => planned.filter((p) => p.counted === what).length;
  const invalidSamples: InvalidRowSample[] = [];
  for (const p of planned) {
    if (invalidSamples.length === INVALID_SAMPLES) break;
    if (p.outcome.kind === 'invalid') {
      invalidSamples.push({ row: p.row, label: p.outcome.label, reasons: p.outcome.reasons });
    }
  }
  const counts = {
    rowsSelected: planned.length,
    ready: count('queued'),
    invalid: count('invalid'),
    alreadyImported: count('alreadyImported'),
    duplicates: count('duplicate'),
    hiddenByFilter: count('skipped'),
  };
  return {
    sheetName: sheet.getName(),
    ...counts,
    invalidSamples,
    message: previewMessage(counts),
    estimatedRequests: requestsFor(counts.ready, ctx.settings.batchSize),
    urlFetch: urlFetchUsage(),
  };
}
