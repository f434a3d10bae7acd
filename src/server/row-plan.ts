/**
 * Which rows an import looks at, and what happens to each before anything is sent: queued for
 * sending, left alone (already imported, unchanged), or marked at once (invalid, duplicate,
 * hidden by a filter, or valid in a validation run).
 */
import { contactFingerprint, type RowOutcome } from '../core/contacts';
import {
  duplicateDetails,
  HIDDEN_BY_FILTER_DETAILS,
  invalidDetails,
  isUnchangedSinceImport,
  validDetails,
} from '../core/status-details';
import type { ImportMode, StatusCounts } from '../shared/contracts';
import { STATUS } from '../shared/contracts';
import { rowsHiddenByFilter, type StatusUpdate, selectedRowNumbers } from './sheet';
import { cellAt, outcomesOf, type SheetContext } from './sheet-context';

export interface PlannedRow {
  row: number;
  /** 'send' rows are queued; 'keep' rows are already imported and left untouched. */
  action: 'send' | 'keep' | 'write';
  update: StatusUpdate;
  counted: keyof StatusCounts | 'alreadyImported' | 'duplicate';
  outcome: RowOutcome;
}

/** The rows a mode considers: the selection, every row, or what failed or is still queued. */
export function candidateRows(ctx: SheetContext, mode: ImportMode): number[] {
  const { data } = ctx;
  if (mode === 'selected' || mode === 'validate') {
    return selectedRowNumbers(ctx.sheet, data.headerRow, data.lastRow);
  }
  const all: number[] = [];
  for (let row = data.headerRow + 1; row <= data.lastRow; row++) all.push(row);
  if (mode === 'all') return all;
  return all.filter((row) => {
    const status = cellAt(ctx, row, data.statusColumn);
    return status === STATUS.failed || status === STATUS.queued;
  });
}

function hiddenRow(ctx: SheetContext, row: number): PlannedRow | null {
  const outcome = outcomesOf(ctx, [row])[0];
  if (outcome.kind === 'blank') return null;
  return {
    row,
    action: 'write',
    update: [STATUS.skipped, HIDDEN_BY_FILTER_DETAILS],
    counted: 'skipped',
    outcome,
  };
}

function planValidRow(
  ctx: SheetContext,
  row: number,
  outcome: Extract<RowOutcome, { kind: 'valid' }>,
  mode: ImportMode,
  force: boolean,
): PlannedRow {
  const status = cellAt(ctx, row, ctx.data.statusColumn);
  const details = cellAt(ctx, row, ctx.data.detailsColumn);
  // The fingerprint only matters for a row already Imported: skip hashing the others.
  const imported = status === STATUS.imported;
  if (!force && imported && isUnchangedSinceImport(status, details, contactFingerprint(outcome.payload))) {
    return { row, action: 'keep', update: ['', ''], counted: 'alreadyImported', outcome };
  }
  if (mode === 'validate') {
    return {
      row,
      action: 'write',
      update: [STATUS.valid, validDetails(outcome.label)],
      counted: 'valid',
      outcome,
    };
  }
  return { row, action: 'send', update: ['', ''], counted: 'queued', outcome };
}

/** Decides what happens to each candidate row before anything is sent. Blank rows are dropped. */
export function planRows(ctx: SheetContext, rows: number[], mode: ImportMode, force: boolean): PlannedRow[] {
  const hidden = rowsHiddenByFilter(ctx.sheet, rows);
  const visible = rows.filter((r) => !hidden.has(r));
  const visibleOutcomes = outcomesOf(ctx, visible);
  const outcomeOf = new Map(visible.map((row, i) => [row, visibleOutcomes[i]]));
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    if (hidden.has(row)) {
      const plan = hiddenRow(ctx, row);
      if (plan) planned.push(plan);
      continue;
    }
    const outcome = outcomeOf.get(row)!;
    switch (outcome.kind) {
      case 'blank':
        break;
      case 'invalid':
        planned.push({
          row,
          action: 'write',
          update: [STATUS.invalid, invalidDetails(outcome.reasons)],
          counted: 'invalid',
          outcome,
        });
        break;
      case 'duplicate':
        planned.push({
          row,
          action: 'write',
          update: [STATUS.skipped, duplicateDetails(outcome.reasons)],
          counted: 'duplicate',
          outcome,
        });
        break;
      case 'valid':
        planned.push(planValidRow(ctx, row, outcome, mode, force));
        break;
    }
  }
  return planned;
}
