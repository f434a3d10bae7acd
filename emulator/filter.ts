/**
 * A sheet's basic filter with per-column criteria, as Sheets applies it: when the filter is
 * created, each data row of its range is hidden if any column's criteria hide it (a value listed
 * in hiddenValues, a value missing from visibleValues, a background or text colour other than
 * the visible one, or a condition that does not hold). Like Sheets, editing a cell afterwards
 * does not re-apply the filter. Text conditions ignore case; "filter by values" compares the
 * text the cell displays.
 *
 * Written independently of the add-on's own evaluation (src/core/filter-criteria.ts), so tests
 * compare two readings of the same Google reference (FilterCriteria, BooleanCriteria).
 */
import { type CellValue, displayValue } from './cell-values';
import { toRealm } from './realm';
import type { Runtime } from './runtime';
import type { Cell, SheetModel } from './spreadsheet-model';

export interface FilterCriteriaSpec {
  hiddenValues?: string[];
  visibleValues?: string[];
  /** A BooleanCriteria name and its arguments, e.g. {type: 'NUMBER_BETWEEN', values: [1, 5]}. */
  condition?: { type: string; values?: unknown[] };
  visibleBackgroundColor?: string;
  visibleForegroundColor?: string;
  /** CUSTOM_FORMULA only: the emulator does not evaluate Sheets formulas, so the test states
   * which rows the formula shows. */
  formulaShows?: (row: number) => boolean;
}

/** Every BooleanCriteria name of the Apps Script reference. */
const BOOLEAN_CRITERIA = [
  'CELL_EMPTY',
  'CELL_NOT_EMPTY',
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_EQUAL_TO',
  'DATE_NOT_EQUAL_TO',
  'DATE_AFTER_RELATIVE',
  'DATE_BEFORE_RELATIVE',
  'DATE_EQUAL_TO_RELATIVE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_NOT_EQUAL_TO',
  'TEXT_STARTS_WITH',
  'TEXT_ENDS_WITH',
  'CUSTOM_FORMULA',
] as const;

/** An Apps Script enum value: prints as its name. */
export class EnumValue {
  constructor(private readonly label: string) {}
  name(): string {
    return this.label;
  }
  toString(): string {
    return this.label;
  }
  toJSON(): string {
    return this.label;
  }
}

export const BooleanCriteria: Record<string, EnumValue> = Object.fromEntries(
  BOOLEAN_CRITERIA.map((name) => [name, new EnumValue(name)]),
);

interface CellView {
  row: number;
  value: CellValue;
  display: string;
  cell: Cell | undefined;
}

function conditionHolds(
  condition: NonNullable<FilterCriteriaSpec['condition']>,
  spec: FilterCriteriaSpec,
  c: CellView,
): boolean {
  const args = condition.values ?? [];
  const text = c.display.toLowerCase();
  const arg = String(args[0] ?? '').toLowerCase();
  const n = typeof c.value === 'number' ? c.value : null;
  const a = Number(args[0]);
  const b = Number(args[1]);
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  switch (condition.type) {
    case 'CELL_EMPTY':
      return c.value === '' || c.value === null;
    case 'CELL_NOT_EMPTY':
      return !(c.value === '' || c.value === null);
    case 'TEXT_CONTAINS':
      return text.indexOf(arg) >= 0;
    case 'TEXT_DOES_NOT_CONTAIN':
      return text.indexOf(arg) < 0;
    case 'TEXT_STARTS_WITH':
      return text.slice(0, arg.length) === arg;
    case 'TEXT_ENDS_WITH':
      return arg.length === 0 || text.slice(-arg.length) === arg;
    case 'TEXT_EQUAL_TO':
      return text === arg;
    case 'TEXT_NOT_EQUAL_TO':
      return text !== arg;
    case 'NUMBER_GREATER_THAN':
      return n !== null && n > a;
    case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
      return n !== null && n >= a;
    case 'NUMBER_LESS_THAN':
      return n !== null && n < a;
    case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
      return n !== null && n <= a;
    case 'NUMBER_EQUAL_TO':
      return n !== null && n === a;
    case 'NUMBER_NOT_EQUAL_TO':
      return n !== null && n !== a;
    case 'NUMBER_BETWEEN':
      return n !== null && n >= low && n <= high;
    case 'NUMBER_NOT_BETWEEN':
      return n !== null && (n < low || n > high);
    case 'CUSTOM_FORMULA':
      if (!spec.formulaShows) throw new Error('emulator filter: CUSTOM_FORMULA needs formulaShows(row)');
      return spec.formulaShows(c.row);
    default:
      throw new Error(`emulator filter: condition ${condition.type} is not modelled`);
  }
}

/** Whether one column's criteria show the row. */
function criteriaShow(spec: FilterCriteriaSpec, c: CellView): boolean {
  if (spec.hiddenValues?.includes(c.display)) return false;
  if (spec.visibleValues && spec.visibleValues.length > 0 && !spec.visibleValues.includes(c.display))
    return false;
  const same = (x: string | undefined, y: string) => (x ?? '').toLowerCase() === y.toLowerCase();
  if (spec.visibleBackgroundColor && !same(c.cell?.background ?? '#ffffff', spec.visibleBackgroundColor))
    return false;
  if (spec.visibleForegroundColor && !same(c.cell?.fontColor ?? '#000000', spec.visibleForegroundColor))
    return false;
  return spec.condition ? conditionHolds(spec.condition, spec, c) : true;
}

/** Columns are given by letter ('B') or 1-based position. */
export function columnPosition(key: string | number): number {
  if (typeof key === 'number' || /^\d+$/.test(key)) return Number(key);
  let n = 0;
  for (const ch of key.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Hides (and shows) the filter's data rows by its criteria, as Sheets does when it applies one. */
export function applyFilter(sheet: SheetModel, timeZone: string): void {
  const filter = sheet.filter;
  if (!filter) return;
  const { range } = filter;
  for (let row = range.row + 1; row < range.row + range.numRows; row++) {
    const target = sheet.rows[row - 1];
    if (!target) continue;
    let shown = true;
    for (const [column, spec] of filter.criteria) {
      const cell = sheet.cell(row, column);
      const value = cell?.value ?? '';
      const view = { row, value, display: displayValue(value, cell?.numberFormat ?? '', timeZone), cell };
      if (!criteriaShow(spec, view)) {
        shown = false;
        break;
      }
    }
    target.hiddenByFilter = !shown;
  }
}

class ColorFacade {
  constructor(private readonly hex: string) {}
  asHexString(): string {
    return this.hex;
  }
}

/** FilterCriteria as Filter.getColumnFilterCriteria returns it; its getters are local. */
export class FilterCriteriaFacade {
  constructor(
    private readonly runtime: Runtime,
    private readonly spec: FilterCriteriaSpec,
  ) {}
  private local<T>(kind: string, operation: () => T): T {
    return this.runtime.call(`FilterCriteria.${kind}`, 0, operation);
  }
  getCriteriaType(): EnumValue | null {
    return this.local('getCriteriaType', () =>
      this.spec.condition ? (BooleanCriteria[this.spec.condition.type] ?? null) : null,
    );
  }
  getCriteriaValues(): unknown {
    return this.local('getCriteriaValues', () =>
      toRealm(this.runtime.realm, this.spec.condition?.values ?? []),
    );
  }
  getHiddenValues(): unknown {
    return this.local('getHiddenValues', () => toRealm(this.runtime.realm, this.spec.hiddenValues ?? []));
  }
  getVisibleValues(): unknown {
    return this.local('getVisibleValues', () => toRealm(this.runtime.realm, this.spec.visibleValues ?? []));
  }
  getVisibleBackgroundColor(): ColorFacade | null {
    return this.local('getVisibleBackgroundColor', () =>
      this.spec.visibleBackgroundColor ? new ColorFacade(this.spec.visibleBackgroundColor) : null,
    );
  }
  getVisibleForegroundColor(): ColorFacade | null {
    return this.local('getVisibleForegroundColor', () =>
      this.spec.visibleForegroundColor ? new ColorFacade(this.spec.visibleForegroundColor) : null,
    );
  }
}
