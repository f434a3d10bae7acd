import { describe, expect, it } from 'vitest';
import {
  type ColumnCriteria,
  canEvaluate,
  cellVisibility,
  type FilterCell,
  rowVisibility,
} from '../../src/core/filter-criteria';

const criteria = (patch: Partial<ColumnCriteria>): ColumnCriteria => ({
  hiddenValues: [],
  visibleValues: [],
  criteriaType: null,
  criteriaValues: [],
  byColour: false,
  ...patch,
});
const cell = (value: FilterCell['value'], display = value === null ? '' : String(value)): FilterCell => ({
  value,
  display,
});
const when = (criteriaType: string, ...criteriaValues: unknown[]) =>
  criteria({ criteriaType, criteriaValues });

describe('cellVisibility: one column criterion against one cell', () => {
  it.each([
    ['hidden value, displayed text matches', criteria({ hiddenValues: ['Lead'] }), cell('Lead'), 'hidden'],
    ['hidden value, other text', criteria({ hiddenValues: ['Lead'] }), cell('VIP'), 'shown'],
    [
      'hidden value compares the displayed text',
      criteria({ hiddenValues: ['1,000'] }),
      cell(1000, '1,000'),
      'hidden',
    ],
    ['blank hidden', criteria({ hiddenValues: [''] }), cell(''), 'hidden'],
    ['visible values list, not in it', criteria({ visibleValues: ['VIP'] }), cell('Lead'), 'hidden'],
    ['visible values list, in it', criteria({ visibleValues: ['VIP'] }), cell('VIP'), 'shown'],
    ['CELL_EMPTY on empty', when('CELL_EMPTY'), cell(''), 'shown'],
    ['CELL_EMPTY on text', when('CELL_EMPTY'), cell('x'), 'hidden'],
    ['CELL_NOT_EMPTY on empty', when('CELL_NOT_EMPTY'), cell(''), 'hidden'],
    ['CELL_NOT_EMPTY on 0', when('CELL_NOT_EMPTY'), cell(0), 'shown'],
    ['TEXT_CONTAINS ignores case', when('TEXT_CONTAINS', 'vip'), cell('Big VIP'), 'shown'],
    ['TEXT_CONTAINS missing', when('TEXT_CONTAINS', 'vip'), cell('lead'), 'hidden'],
    ['TEXT_DOES_NOT_CONTAIN', when('TEXT_DOES_NOT_CONTAIN', 'test'), cell('a TEST row'), 'hidden'],
    ['TEXT_STARTS_WITH', when('TEXT_STARTS_WITH', 'Con'), cell('contact 1'), 'shown'],
    ['TEXT_STARTS_WITH other', when('TEXT_STARTS_WITH', 'Con'), cell('A contact'), 'hidden'],
    ['TEXT_ENDS_WITH', when('TEXT_ENDS_WITH', '.com'), cell('a@B.COM'), 'shown'],
    ['TEXT_EQUAL_TO ignores case', when('TEXT_EQUAL_TO', 'yes'), cell('Yes'), 'shown'],
    ['TEXT_EQUAL_TO is whole text', when('TEXT_EQUAL_TO', 'yes'), cell('Yes!'), 'hidden'],
    ['TEXT_NOT_EQUAL_TO', when('TEXT_NOT_EQUAL_TO', 'no'), cell('NO'), 'hidden'],
    ['NUMBER_GREATER_THAN', when('NUMBER_GREATER_THAN', 10), cell(11), 'shown'],
    ['NUMBER_GREATER_THAN equal', when('NUMBER_GREATER_THAN', 10), cell(10), 'hidden'],
    ['NUMBER_GREATER_THAN on text', when('NUMBER_GREATER_THAN', 10), cell('11'), 'hidden'],
    ['NUMBER_GREATER_THAN on empty', when('NUMBER_GREATER_THAN', 10), cell(''), 'hidden'],
    ['NUMBER_GREATER_THAN_OR_EQUAL_TO', when('NUMBER_GREATER_THAN_OR_EQUAL_TO', 10), cell(10), 'shown'],
    ['NUMBER_LESS_THAN', when('NUMBER_LESS_THAN', 10), cell(9.5), 'shown'],
    ['NUMBER_LESS_THAN_OR_EQUAL_TO', when('NUMBER_LESS_THAN_OR_EQUAL_TO', 10), cell(11), 'hidden'],
    ['NUMBER_EQUAL_TO with a text argument', when('NUMBER_EQUAL_TO', '3'), cell(3), 'shown'],
    ['NUMBER_NOT_EQUAL_TO', when('NUMBER_NOT_EQUAL_TO', 3), cell(3), 'hidden'],
    ['NUMBER_BETWEEN inclusive', when('NUMBER_BETWEEN', 1, 5), cell(5), 'shown'],
    ['NUMBER_BETWEEN reversed bounds', when('NUMBER_BETWEEN', 5, 1), cell(0), 'hidden'],
    ['NUMBER_NOT_BETWEEN', when('NUMBER_NOT_BETWEEN', 1, 5), cell(6), 'shown'],
    [
      'number criterion on a date cell',
      when('NUMBER_GREATER_THAN', 1),
      cell(new Date(0), '1970-01-01'),
      'unknown',
    ],
    ['number criterion with a cell reference', when('NUMBER_GREATER_THAN', '=A1'), cell(3), 'unknown'],
    ['CUSTOM_FORMULA', when('CUSTOM_FORMULA', '=ISEVEN(ROW())'), cell('x'), 'unknown'],
    ['DATE_AFTER', when('DATE_AFTER', new Date(0)), cell('x'), 'unknown'],
    ['a kind Google may add', when('SOMETHING_NEW'), cell('x'), 'unknown'],
    ['visible colour', criteria({ byColour: true }), cell('x'), 'unknown'],
    [
      'hidden value decides even with a custom formula',
      criteria({ hiddenValues: ['x'], criteriaType: 'CUSTOM_FORMULA' }),
      cell('x'),
      'hidden',
    ],
  ] as const)('%s', (_name, c, value, expected) => {
    expect(cellVisibility(c, value)).toBe(expected);
  });
});

describe('canEvaluate and rowVisibility', () => {
  it('evaluates values and known conditions, not formulas, dates or colours', () => {
    expect(canEvaluate(criteria({ hiddenValues: ['a'] }))).toBe(true);
    expect(canEvaluate(when('NUMBER_BETWEEN', 1, 2))).toBe(true);
    expect(canEvaluate(when('CUSTOM_FORMULA', '=TRUE'))).toBe(false);
    expect(canEvaluate(when('DATE_BEFORE', new Date(0)))).toBe(false);
    expect(canEvaluate(criteria({ byColour: true }))).toBe(false);
  });

  it('hides a row when any column hides it; unknown only when none does', () => {
    expect(rowVisibility(['shown', 'hidden', 'unknown'])).toBe('hidden');
    expect(rowVisibility(['shown', 'unknown'])).toBe('unknown');
    expect(rowVisibility(['shown', 'shown'])).toBe('shown');
    expect(rowVisibility([])).toBe('shown');
  });
});
