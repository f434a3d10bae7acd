/**
 * How Sheets turns written values into stored cells and stored cells into display text.
 */
import { STRICT } from './messages';
import { isDate } from './realm';
import { formatSimpleDate, zonedDateFromParts } from './time-format';

/** A stored cell value: Dates are host Dates (converted to the bundle's realm on read). */
export type CellValue = string | number | boolean | Date;

export interface StoredInput {
  value: CellValue;
  formula: string;
}

/** The number format Sheets reports for a never-formatted cell ("Automatic"). */
export const AUTOMATIC_FORMAT = '0.###############';
const TEXT_FORMAT = '@';

const NUMBER_PATTERN = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '' || !/\d/.test(trimmed)) return null;
  const percent = trimmed.endsWith('%');
  const body = percent ? trimmed.slice(0, -1) : trimmed;
  if (!NUMBER_PATTERN.test(body)) return null;
  const value = Number(body.replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  return percent ? value / 100 : value;
}

function parseDate(text: string, timeZone: string): Date | null {
  const iso = ISO_DATE.exec(text.trim());
  const us = iso ? null : US_DATE.exec(text.trim());
  const parts = iso
    ? [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6]]
    : us
      ? [us[3], us[1], us[2], us[4], us[5], us[6]]
      : null;
  if (!parts) return null;
  const [year, month, day, hour, minute, second] = parts.map((p) => (p === undefined ? 0 : Number(p)));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  return zonedDateFromParts({ year, month, day, hour, minute, second }, timeZone);
}

/**
 * Sheets semantics of Range.setValue/setValues (the same as typing into the cell):
 * '=' starts a formula; a leading apostrophe stores the rest as text; numeric, boolean and
 * date-looking strings are converted unless the cell's format is plain text ('@').
 */
export function interpretInput(
  input: unknown,
  numberFormat: string,
  timeZone: string,
  plainTextKeepsApostrophe = false,
): StoredInput {
  if (input === null || input === undefined) return { value: '', formula: '' };
  if (typeof input === 'number') return { value: Number.isFinite(input) ? input : '#NUM!', formula: '' };
  if (typeof input === 'boolean') return { value: input, formula: '' };
  if (isDate(input)) return { value: new Date(input.getTime()), formula: '' };
  const text = typeof input === 'string' ? input : String(input);
  if (text.startsWith('=') && text.length > 1) {
    return { value: STRICT.formulasReadAsEmpty ? '' : text, formula: text };
  }
  if (text.startsWith("'") && !(plainTextKeepsApostrophe && numberFormat === TEXT_FORMAT))
    return { value: text.slice(1), formula: '' };
  if (numberFormat === TEXT_FORMAT) return { value: text, formula: '' };
  const asNumber = parseNumber(text);
  if (asNumber !== null) return { value: asNumber, formula: '' };
  if (/^(true|false)$/i.test(text.trim()))
    return { value: text.trim().toLowerCase() === 'true', formula: '' };
  const asDate = parseDate(text, timeZone);
  if (asDate) return { value: asDate, formula: '' };
  if (STRICT.plusMinusStringsAreFormulas && /^[+-]/.test(text) && text.length > 1) {
    return { value: '#ERROR!', formula: `=${text}` };
  }
  return { value: text, formula: '' };
}

/** Sheets "Automatic" display of a number: up to 11 integer digits in full, beyond that
 * scientific notation with 6 significant digits (e.g. 919876543210 -> "9.19877E+11"); tiny
 * fractions likewise; otherwise at most 10 significant digits without trailing zeros. */
function displayAutomaticNumber(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e11 || magnitude < 1e-5) {
    const [mantissa, exponent] = value.toExponential(5).split('e');
    const trimmedMantissa = mantissa.replace(/\.?0+$/, '');
    const exponentNumber = Number(exponent);
    const sign = exponentNumber < 0 ? '-' : '+';
    return `${trimmedMantissa}E${sign}${String(Math.abs(exponentNumber)).padStart(2, '0')}`;
  }
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(10)));
}

function groupThousands(integerText: string): string {
  return integerText.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Formats a number with a simple Sheets pattern: 0, 0.00, #,##0, #,##0.00, 0%, 0.00%. */
function displayPatternNumber(value: number, pattern: string): string | null {
  const match = /^(#,##)?0(\.(0+))?(%)?$/.exec(pattern);
  if (!match) return null;
  const decimals = match[3]?.length ?? 0;
  const scaled = match[4] ? value * 100 : value;
  const fixed = Math.abs(scaled).toFixed(decimals);
  const [integerPart, fraction] = fixed.split('.');
  const grouped = match[1] ? groupThousands(integerPart) : integerPart;
  const sign = scaled < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${grouped}${fraction ? `.${fraction}` : ''}${match[4] ? '%' : ''}`;
}

/** Translates a Sheets date pattern (where 'mm' after 'h' means minutes) to SimpleDateFormat. */
function sheetsDatePatternToSimple(pattern: string): string {
  return pattern
    .replace(/(h+)(:)mm/gi, (_m, hours: string, colon: string) => `${hours.replace(/h/g, 'H')}${colon}%MIN%`)
    .replace(/m/g, 'M')
    .replace(/%MIN%/g, 'mm')
    .replace(/s/g, 's');
}

export function displayValue(value: CellValue, numberFormat: string, timeZone: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isDate(value)) {
    if (numberFormat && numberFormat !== AUTOMATIC_FORMAT && /[dy]/i.test(numberFormat)) {
      return formatSimpleDate(value, timeZone, sheetsDatePatternToSimple(numberFormat));
    }
    const midnight = formatSimpleDate(value, timeZone, 'HH:mm:ss') === '00:00:00';
    return formatSimpleDate(value, timeZone, midnight ? 'M/d/yyyy' : 'M/d/yyyy H:mm:ss');
  }
  if (numberFormat === TEXT_FORMAT || numberFormat === AUTOMATIC_FORMAT || numberFormat === '') {
    return displayAutomaticNumber(value);
  }
  return displayPatternNumber(value, numberFormat) ?? displayAutomaticNumber(value);
}
