/**
 * Whether a sheet filter hides a row, decided from the cell values the add-on has already read
 * instead of one isRowHiddenByFilter call per row (50,000 such calls do not fit in one
 * execution). Only criteria whose meaning is certain are evaluated; for the rest (custom formulas,
 * dates, colours, unknown kinds) the answer is 'unknown' and the caller asks Sheets row by row.
 *
 * Reference: Apps Script FilterCriteria (getHiddenValues, getVisibleValues, getCriteriaType,
 * getCriteriaValues, getVisibleBackgroundColor, getVisibleForegroundColor) and BooleanCriteria.
 * Sheets compares text conditions without regard to case, and "filter by values" against the
 * text the cell displays.
 */
import type { CellValue } from './fields';

/** One column's criteria as FilterCriteria reports them. */
export interface ColumnCriteria {
  hiddenValues: string[];
  visibleValues: string[];
  /** BooleanCriteria name (e.g. 'TEXT_CONTAINS'), or null when filtering by values only. */
  criteriaType: string | null;
  criteriaValues: unknown[];
  /** A visible background or text colour is set: the add-on does not read colours. */
  byColour: boolean;
}

/** The cell as read: its raw value (getValues) and the text it displays (getDisplayValues). */
export interface FilterCell {
  value: CellValue;
  display: string;
}

export type Visibility = 'hidden' | 'shown' | 'unknown';

type Condition = (cell: FilterCell, args: unknown[]) => boolean | null;

const lower = (v: unknown) => String(v ?? '').toLowerCase();

function text(test: (cell: string, arg: string) => boolean): Condition {
  return (cell, args) => (args.length < 1 ? null : test(lower(cell.display), lower(args[0])));
}

/** A number criterion argument, or null when it is not a plain number (e.g. a cell reference). */
function numberArg(arg: unknown): number | null {
  if (typeof arg === 'number' && Number.isFinite(arg)) return arg;
  if (typeof arg === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(arg)) return Number(arg);
  return null;
}

/** Number conditions hold only for number cells; a date cell's serial number is not modelled. */
function number(test: (cell: number, args: number[]) => boolean, arity: number): Condition {
  return (cell, args) => {
    const numbers = args.slice(0, arity).map(numberArg);
    if (numbers.length < arity || numbers.some((n) => n === null)) return null;
    if (cell.value instanceof Date) return null;
    if (typeof cell.value !== 'number') return false;
    return test(cell.value, numbers as number[]);
  };
}

const between = (v: number, [a, b]: number[]) => v >= Math.min(a, b) && v <= Math.max(a, b);
const isEmpty = (cell: FilterCell) => cell.value === '' || cell.value === null;

const CONDITIONS: Record<string, Condition> = {
  CELL_EMPTY: (cell) => isEmpty(cell),
  CELL_NOT_EMPTY: (cell) => !isEmpty(cell),
  TEXT_CONTAINS: text((c, a) => c.includes(a)),
  TEXT_DOES_NOT_CONTAIN: text((c, a) => !c.includes(a)),
  TEXT_STARTS_WITH: text((c, a) => c.startsWith(a)),
  TEXT_ENDS_WITH: text((c, a) => c.endsWith(a)),
  TEXT_EQUAL_TO: text((c, a) => c === a),
  TEXT_NOT_EQUAL_TO: text((c, a) => c !== a),
  NUMBER_GREATER_THAN: number((v, [a]) => v > a, 1),
  NUMBER_GREATER_THAN_OR_EQUAL_TO: number((v, [a]) => v >= a, 1),
  NUMBER_LESS_THAN: number((v, [a]) => v < a, 1),
  NUMBER_LESS_THAN_OR_EQUAL_TO: number((v, [a]) => v <= a, 1),
  NUMBER_EQUAL_TO: number((v, [a]) => v === a, 1),
  NUMBER_NOT_EQUAL_TO: number((v, [a]) => v !== a, 1),
  NUMBER_BETWEEN: number(between, 2),
  NUMBER_NOT_BETWEEN: number((v, args) => !between(v, args), 2),
};

/** Whether the add-on can evaluate these criteria itself for every cell. */
export function canEvaluate(criteria: ColumnCriteria): boolean {
  return !criteria.byColour && (criteria.criteriaType === null || criteria.criteriaType in CONDITIONS);
}

/** What one column's criteria do to a row with this cell. */
export function cellVisibility(criteria: ColumnCriteria, cell: FilterCell): Visibility {
  if (criteria.hiddenValues.includes(cell.display)) return 'hidden';
  if (criteria.visibleValues.length > 0 && !criteria.visibleValues.includes(cell.display)) return 'hidden';
  if (criteria.byColour) return 'unknown';
  if (criteria.criteriaType === null) return 'shown';
  const condition = CONDITIONS[criteria.criteriaType];
  if (!condition) return 'unknown';
  const holds = condition(cell, criteria.criteriaValues);
  if (holds === null) return 'unknown';
  return holds ? 'shown' : 'hidden';
}

/** A row is hidden when any column hides it; unknown when none does and one cannot tell. */
export function rowVisibility(columns: Visibility[]): Visibility {
  let unknown = false;
  for (const v of columns) {
    if (v === 'hidden') return 'hidden';
    if (v === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'shown';
}
