/**
 * Rows hidden by the sheet's filter, without one Sheets call per row. The filter's criteria are
 * read once (a few calls per filtered column, plus one read of that column's values and displayed
 * text) and evaluated in core/filter-criteria.ts. Only rows the criteria cannot decide (a custom
 * formula, a colour, a date condition) are asked about one by one, and only for the chunk about to
 * be sent, so the cost stays inside each execution's time budget.
 *
 * Rows hidden by the user (not by the filter) are not the filter's business and stay included.
 */

import type { CellValue } from '../core/contacts';
import {
  type ColumnCriteria,
  canEvaluate,
  cellVisibility,
  rowVisibility,
  type Visibility,
} from '../core/filter-criteria';
import { perExecutionMap } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
/** getVisible*Color exist in Apps Script but not in @types/google-apps-script. */
type Criteria = GoogleAppsScript.Spreadsheet.FilterCriteria & {
  getVisibleBackgroundColor?: () => unknown;
  getVisibleForegroundColor?: () => unknown;
};

interface FilteredColumn {
  criteria: ColumnCriteria;
  /** Values and displayed text of rows firstRow.. of the filter's range; absent when the
   * criteria cannot be evaluated at all. */
  values?: CellValue[][];
  display?: string[][];
}

export interface FilterView {
  /** The filter's header row (never hidden) and last row. */
  headerRow: number;
  lastRow: number;
  columns: FilteredColumn[];
}

const strings = (list: unknown): string[] => (Array.isArray(list) ? list.map((v) => String(v)) : []);

function columnCriteria(criteria: Criteria): ColumnCriteria {
  const type = criteria.getCriteriaType();
  return {
    hiddenValues: strings(criteria.getHiddenValues()),
    visibleValues: strings(criteria.getVisibleValues()),
    criteriaType: type === null || type === undefined ? null : String(type),
    criteriaValues: type === null || type === undefined ? [] : (criteria.getCriteriaValues() ?? []),
    byColour:
      (criteria.getVisibleBackgroundColor?.() ?? null) !== null ||
      (criteria.getVisibleForegroundColor?.() ?? null) !== null,
  };
}

const viewsOfThisExecution = perExecutionMap<Sheet, FilterView | null>();

/**
 * The sheet's filter and its criteria, with the values of each filtered column; null if none.
 * Read once per execution: a run's plan and its chunks then judge rows by the same filter.
 */
export function readFilterView(sheet: Sheet): FilterView | null {
  const known = viewsOfThisExecution.get(sheet);
  if (known !== undefined) return known;
  const view = readFilterViewNow(sheet);
  viewsOfThisExecution.set(sheet, view);
  return view;
}

function readFilterViewNow(sheet: Sheet): FilterView | null {
  const filter = sheet.getFilter();
  if (!filter) return null;
  const range = filter.getRange();
  const headerRow = range.getRow();
  const lastRow = headerRow + range.getNumRows() - 1;
  const view: FilterView = { headerRow, lastRow, columns: [] };
  const firstColumn = range.getColumn();
  for (let column = firstColumn; column < firstColumn + range.getNumColumns(); column++) {
    const found = filter.getColumnFilterCriteria(column);
    if (!found) continue;
    const criteria = columnCriteria(found);
    const entry: FilteredColumn = { criteria };
    if (lastRow > headerRow && (canEvaluate(criteria) || criteria.hiddenValues.length > 0)) {
      const cells = sheet.getRange(headerRow + 1, column, lastRow - headerRow, 1);
      entry.values = cells.getValues();
      entry.display = cells.getDisplayValues();
    }
    view.columns.push(entry);
  }
  return view;
}

/** What the filter does to one row, from the values read with the view. */
function rowVisibilityIn(view: FilterView, row: number): Visibility {
  if (row <= view.headerRow || row > view.lastRow) return 'shown';
  const index = row - view.headerRow - 1;
  return rowVisibility(
    view.columns.map(({ criteria, values, display }) =>
      values && display
        ? cellVisibility(criteria, { value: values[index][0], display: display[index][0] })
        : 'unknown',
    ),
  );
}

/** Rows the criteria show to be hidden, with no per-row calls. Undecided rows are not included:
 * they are checked one by one just before they are sent (rowsHiddenBeforeSending). */
export function rowsKnownHiddenByFilter(sheet: Sheet, rowNumbers: number[]): Set<number> {
  const hidden = new Set<number>();
  const view = readFilterView(sheet);
  if (!view) return hidden;
  for (const row of rowNumbers) if (rowVisibilityIn(view, row) === 'hidden') hidden.add(row);
  return hidden;
}

/**
 * The rows of a chunk that the filter hides now: decided from the criteria, and for rows the
 * criteria cannot decide, one isRowHiddenByFilter call each. `view` is read once per execution.
 */
export function rowsHiddenBeforeSending(sheet: Sheet, view: FilterView | null, rows: number[]): Set<number> {
  const hidden = new Set<number>();
  if (!view) return hidden;
  for (const row of rows) {
    const visibility = rowVisibilityIn(view, row);
    if (visibility === 'hidden' || (visibility === 'unknown' && sheet.isRowHiddenByFilter(row)))
      hidden.add(row);
  }
  return hidden;
}
