/**
 * Phone normalisation: what people type in a sheet → BotPenguin's `{ prefix, number }`.
 *
 * Metadata choice: `libphonenumber-js/min`. Measured with esbuild 0.28 (`--bundle --minify` of an
 * entry importing `parsePhoneNumberFromString`, libphonenumber-js 1.13.16):
 *
 *   | set    | minified  | gzip    | what it validates                                    |
 *   | min    | 120.8 KB  | 29.5 KB | length + the region's general number pattern        |
 *   | mobile | 136.3 KB  | 34.4 KB | mobile patterns only: REJECTS valid landlines        |
 *   | max    | 194.2 KB  | 50.5 KB | exact per-type patterns                              |
 *
 * `max` alone would be nearly the whole 200 KB server budget, and `mobile` rejects landline
 * numbers that can hold WhatsApp Business accounts. `min` never rejects a number `max` accepts
 * (200,000 random digit strings over all 245 regions: 0 numbers valid for max but not for min);
 * it is looser instead (14,141 accepted by both, 12,867 more accepted only by min), which costs
 * little here: people type real numbers, and BotPenguin/WhatsApp reject unreachable ones anyway.
 *
 * Extensions ("x123", "ext. 123") are dropped: WhatsApp numbers have none. The caller is told
 * through `extension` so it can mention it.
 */
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  type PhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/core';
import { currentLanguage, type Language, type MessageKey, t } from '../shared/i18n';
import { describeRegion, regionFromText, regionName } from './countries';
import type { RawCell } from './fields';
import { internationalFormat } from './international-format';
import { phoneMetadata } from './phone-metadata';
import { readNumber } from './phone-reading';

/** Where the country of a number comes from when the number itself has no `+`. */
export type CountryHint =
  | { kind: 'region'; region: CountryCode }
  | { kind: 'callingCode'; callingCode: string };

/**
 * Where the country of a valid number came from:
 * - 'plus': the cell wrote it — a `+`, `00`, or the default country's own international dialling
 *   prefix ("011 44…" in the US);
 * - 'row': the row's Country code or Country column;
 * - 'default': the sheet's default country (the number was read as national there);
 * - 'leading-digits': no country anywhere, and the digits only make sense as country code + number.
 */
export type CountrySource = 'plus' | 'row' | 'default' | 'leading-digits';

/** The number as it is sent to BotPenguin, with its country, for the Details column. */
export interface SentNumber {
  /** "+12015551492" — always "+" + prefix + number of the payload. */
  e164: string;
  /** "+1 201 555 1492" */
  international: string;
  /** Region of the number ("US"); null for non-geographic numbers (+800…). */
  region: CountryCode | null;
  /** English name: "United States", or "international numbers (+800)". */
  countryName: string;
  countrySource: CountrySource;
}

export type PhoneResult =
  | {
      ok: true;
      prefix: string;
      number: string;
      /** prefix + number: the identity rows are compared by, and the e164 text after its "+". */
      digits: string;
      extension: string | null;
      sent: SentNumber;
    }
  | { ok: false; reason: string };

/** Fewer digits than this (country code included) are never read as an international number. */
const MIN_DIGITS_FOR_LEADING_COUNTRY = 11;

export const noCountryCodeReason = () => t('phone.noCountryCode');

const SCIENTIFIC_NOTATION = /^[+-]?\d+(?:[.,]\d+)?\s*e\s*[+-]?\d+$/i;
const FULL_WIDTH_PLUS = /^＋/;
const DIGITS_AND_SPACES = /^\+?[\d ]*$/;
const TRAILING_DECIMAL_ZERO = /^(\+?\d+)\.0+$/;
const LEADING_DOUBLE_ZERO = /^[\s(]*0[\s.\-/]*0/;
const EMBEDDED_CALLING_CODE = /\+\s*([1-9]\d{0,2})(?!\d)/;
const CALLING_CODE_TEXT = /^(?:\+|00)?\s*(\d{1,3})$/;

/** Calling codes of international services (+800 freephone…), which belong to no region. */
const NON_GEOGRAPHIC_CALLING_CODES = new Set(['800', '808', '870', '878', '881', '882', '883', '888', '979']);
/** For calling codes shared by several regions, the one messages name ("+1" → United States). */
const MAIN_REGION_OF_SHARED_CODE: Readonly<Record<string, CountryCode>> = {
  '1': 'US',
  '7': 'RU',
  '39': 'IT',
  '44': 'GB',
  '47': 'NO',
  '61': 'AU',
  '212': 'MA',
  '262': 'RE',
  '290': 'SH',
  '358': 'FI',
  '590': 'GP',
  '599': 'CW',
};

let regionByCallingCode: Map<string, CountryCode> | null = null;

function mainRegionOf(callingCode: string): CountryCode | undefined {
  if (!regionByCallingCode) {
    regionByCallingCode = new Map();
    for (const region of getCountries(phoneMetadata())) {
      const code = getCountryCallingCode(region, phoneMetadata());
      if (!regionByCallingCode.has(code))
        regionByCallingCode.set(code, MAIN_REGION_OF_SHARED_CODE[code] ?? region);
    }
  }
  return regionByCallingCode.get(callingCode);
}

/** A region libphonenumber has metadata for ("IN"), e.g. a default country being saved. */
export const isSupportedRegion = (region: string): region is CountryCode =>
  isSupportedCountry(region as CountryCode, phoneMetadata());

function isKnownCallingCode(code: string): boolean {
  return mainRegionOf(code) !== undefined || NON_GEOGRAPHIC_CALLING_CODES.has(code);
}

/** Hints by cell text, one map per language: a name may be a country only in the user's (regionFromText). */
const hintCaches = new Map<Language, Map<string, CountryHint | null>>();

function hintCacheOfLanguage(): Map<string, CountryHint | null> {
  const language = currentLanguage();
  let cache = hintCaches.get(language);
  if (!cache) {
    cache = new Map();
    hintCaches.set(language, cache);
  }
  return cache;
}

/**
 * A Country code or Country cell as a hint: "91", "+91", "0091", 91, "IN", "India".
 * Returns null for an empty cell and 'unrecognised' for text that names no country.
 */
export function countryHintFromCell(value: RawCell): CountryHint | null | 'unrecognised' {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'boolean' || value instanceof Date) return 'unrecognised';
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return null;
  const hintCache = hintCacheOfLanguage();
  const cached = hintCache.get(text);
  if (cached !== undefined) return cached ?? 'unrecognised';
  const hint = hintFromText(text);
  hintCache.set(text, hint);
  return hint ?? 'unrecognised';
}

function hintFromText(text: string): CountryHint | null {
  const digits = CALLING_CODE_TEXT.exec(text.replace(TRAILING_DECIMAL_ZERO, '$1'));
  if (digits) {
    const code = String(Number(digits[1]));
    return isKnownCallingCode(code) ? { kind: 'callingCode', callingCode: code } : null;
  }
  const region = regionFromText(text);
  if (region && isSupportedRegion(region)) return { kind: 'region', region };
  // Drop-down values such as "India (+91)" or "+44 UK".
  const embedded = EMBEDDED_CALLING_CODE.exec(text);
  return embedded && isKnownCallingCode(embedded[1])
    ? { kind: 'callingCode', callingCode: embedded[1] }
    : null;
}

/** The default country from settings as a hint; null when unset or unknown. */
export function regionHint(region: string | null | undefined): CountryHint | null {
  if (!region) return null;
  const hint = countryHintFromCell(region);
  return hint === 'unrecognised' ? null : hint;
}

type ParseOptions = { defaultCountry?: CountryCode; defaultCallingCode?: string };

const NO_OPTIONS: ParseOptions = Object.freeze({});
/** Each hint's options, made once: hints are made once per cell text (countryHintFromCell). */
const optionsOfHint = new WeakMap<CountryHint, ParseOptions>();

function optionsFor(hint: CountryHint | null): ParseOptions {
  if (!hint) return NO_OPTIONS;
  let options = optionsOfHint.get(hint);
  if (!options) {
    options = Object.freeze(
      hint.kind === 'region' ? { defaultCountry: hint.region } : { defaultCallingCode: hint.callingCode },
    );
    optionsOfHint.set(hint, options);
  }
  return options;
}

/** The cell as the text a person typed, or a reason it cannot be a phone number. */
function phoneText(value: RawCell): { text: string } | { reason: string } {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'boolean')
    return { reason: t('phone.notANumber', { phone: value ? 'TRUE' : 'FALSE' }) };
  if (value instanceof Date) {
    return { reason: t('phone.date') };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { reason: t('phone.notANumber', { phone: value }) };
    if (value > Number.MAX_SAFE_INTEGER) {
      return { reason: t('phone.tooLongForNumberCell') };
    }
    if (!Number.isInteger(value)) return { reason: t('phone.notANumber', { phone: value }) };
    return { text: String(value) };
  }
  // A full-width plus comes from CJK keyboards; libphonenumber-js only reads the ASCII one.
  const text = value.trim().replace(FULL_WIDTH_PLUS, '+');
  // Only digits, spaces and a plus: no exponent and no ".0" to look for.
  if (DIGITS_AND_SPACES.test(text)) return { text };
  if (SCIENTIFIC_NOTATION.test(text)) {
    return { reason: t('phone.scientific', { phone: text }) };
  }
  // "919876543210.0": a number that went through a CSV or a float column.
  const withoutDecimalZero = TRAILING_DECIMAL_ZERO.exec(text);
  return { text: withoutDecimalZero ? withoutDecimalZero[1] : text };
}

/** A valid number as libphonenumber or phone-reading.ts read it (the same fields either way). */
type Reading = Pick<PhoneNumber, 'countryCallingCode' | 'nationalNumber' | 'country' | 'number' | 'ext'>;

const quickReading = (text: string, options: ParseOptions) => readNumber(text, options, phoneMetadata());

/** libphonenumber's reading when valid, asking phone-reading.ts first (same answer, less work). */
function validReading(text: string, options: ParseOptions): Reading | undefined {
  const quick = quickReading(text, options);
  if (quick !== undefined) return quick === 'invalid' ? undefined : quick;
  const parsed = parsePhoneNumberFromString(text, options, phoneMetadata());
  return parsed?.isValid() ? parsed : undefined;
}

/** The first attempt that parsed at all is kept, so a failure can be explained without re-parsing. */
interface Attempt {
  valid?: Reading;
  first?: PhoneNumber;
}

function tryParse(attempt: Attempt, text: string, options: ParseOptions): void {
  const quick = quickReading(text, options);
  if (quick && quick !== 'invalid') {
    attempt.valid = quick;
    return;
  }
  const parsed = parsePhoneNumberFromString(text, options, phoneMetadata());
  if (!parsed) return;
  if (!attempt.first) attempt.first = parsed;
  if (parsed.isValid()) attempt.valid = parsed;
}

/**
 * One cell → one reading, or a reason. A number is accepted only when exactly one reading is
 * credible:
 * - "+…" / "00…", or a country from the row (`hintFromRow`): read with that country;
 * - otherwise, with a default country (`hint` with `hintFromRow` false): read as national there,
 *   unless the digits are also a credible international number that differs → ambiguous, invalid;
 * - otherwise the leading digits may give the country, only when credible: at least
 *   MIN_DIGITS_FOR_LEADING_COUNTRY digits, valid for that region, and not valid national for the
 *   default country. Shorter digits with no country anywhere → noCountryCodeReason().
 */
export function normalisePhone(value: RawCell, hint: CountryHint | null, hintFromRow = false): PhoneResult {
  const read = phoneText(value);
  if ('reason' in read) return { ok: false, reason: read.reason };
  const text = read.text;
  if (text === '') return { ok: false, reason: t('phone.missing') };

  const international = text.startsWith('+');
  const doubleZero = !international && LEADING_DOUBLE_ZERO.test(text);
  if (!international && !doubleZero && !(hint && hintFromRow)) return readWithoutCountry(text, hint);

  const asInternational = doubleZero ? text.replace(LEADING_DOUBLE_ZERO, '+') : text;
  const options = international ? NO_OPTIONS : optionsFor(hint);
  const attempt: Attempt = {};
  if (international || !hint) {
    tryParse(attempt, asInternational, NO_OPTIONS);
  } else {
    tryParse(attempt, text, options);
    // "0044 20…" with a row country IN: the 00 wrote the country code.
    if (!attempt.valid && doubleZero) tryParse(attempt, asInternational, NO_OPTIONS);
  }
  const parsed = attempt.valid;
  if (parsed) {
    const source = international || doubleZero ? 'plus' : sourceOfNational(parsed, hint, 'row');
    return accepted(parsed, source);
  }
  if (!hint && !international) return { ok: false, reason: explainNoHint(text, attempt.first, doubleZero) };
  // The default country was a guess: say so, since a number that does not fit it is often foreign.
  const guessed = !international && hint !== null && !hintFromRow;
  return { ok: false, reason: explainInvalid(text, options, attempt.first, guessed) };
}

/** No "+", no "00", no country in the row: the default country, or credible leading digits. */
function readWithoutCountry(text: string, defaultHint: CountryHint | null): PhoneResult {
  const options = optionsFor(defaultHint);
  const quick = defaultHint ? quickReading(text, options) : undefined;
  // libphonenumber's own reading only when the quick one does not know, or to explain a failure.
  const libphonenumberReading = () =>
    defaultHint ? parsePhoneNumberFromString(text, options, phoneMetadata()) : undefined;
  const national = quick === undefined ? libphonenumberReading() : undefined;
  const candidate: Reading | undefined =
    quick === 'invalid' ? undefined : (quick ?? (national?.isValid() ? national : undefined));
  const nationalReading = candidate && !shortIddReading(candidate, defaultHint) ? candidate : undefined;
  const leading = credibleLeadingDigits(text);
  if (nationalReading && leading && nationalReading.number !== leading.number) {
    return { ok: false, reason: twoReadings(text, leading, nationalReading) };
  }
  if (nationalReading)
    return accepted(nationalReading, sourceOfNational(nationalReading, defaultHint, 'default'));
  if (leading) return accepted(leading, 'leading-digits');
  if (!defaultHint) return { ok: false, reason: explainNoHint(text, undefined, false) };
  return { ok: false, reason: explainInvalid(text, options, national ?? libphonenumberReading(), true) };
}

/**
 * The default country's own international prefix ("011 44…" in the US, "09…" in Mexico) makes
 * the rest a number of another country. Taken only when the rest is as long as a number whose
 * country is read from its leading digits: "092780000" in Mexico is not read as +27 80000.
 */
function shortIddReading(parsed: Reading, hint: CountryHint | null): boolean {
  if (!hint) return false;
  const hintCode =
    hint.kind === 'region' ? getCountryCallingCode(hint.region, phoneMetadata()) : hint.callingCode;
  if (parsed.countryCallingCode === hintCode) return false;
  return (parsed.countryCallingCode + parsed.nationalNumber).length < MIN_DIGITS_FOR_LEADING_COUNTRY;
}

/** "12015551492" as +1…: valid for its region and long enough that it cannot be a local number. */
function credibleLeadingDigits(text: string): Reading | undefined {
  const digits = text.replace(/\D/g, '').length;
  // Too few digits whatever the parse says (an extension only takes some away): no parse needed.
  if (digits < MIN_DIGITS_FOR_LEADING_COUNTRY) return undefined;
  const parsed = validReading(`+${text}`, {});
  if (!parsed) return undefined;
  // Digits as typed (an extension aside): the parsed national number may have gained some, as
  // San Marino's 6-digit numbers gain "0549".
  const typedDigits = digits - (parsed.ext?.length ?? 0);
  return typedDigits >= MIN_DIGITS_FOR_LEADING_COUNTRY ? parsed : undefined;
}

/** A national reading whose country code differs from the hint's came from an IDD ("011 44…"). */
function sourceOfNational(
  parsed: Reading,
  hint: CountryHint | null,
  source: 'row' | 'default',
): CountrySource {
  if (!hint) return 'plus';
  const hintCode =
    hint.kind === 'region' ? getCountryCallingCode(hint.region, phoneMetadata()) : hint.callingCode;
  return parsed.countryCallingCode === hintCode ? source : 'plus';
}

function accepted(parsed: Reading, countrySource: CountrySource): PhoneResult {
  const prefix = parsed.countryCallingCode;
  const number = parsed.nationalNumber;
  const digits = prefix + number;
  return {
    ok: true,
    prefix,
    number,
    digits,
    extension: parsed.ext ?? null,
    sent: {
      // "+" before the digits the outcome keeps anyway: one string fewer held a row.
      e164: `+${digits}`,
      // As formatInternational(prefix, number) shows it, without parsing it again: the same text
      // for every valid reading (test/core/international-format.test.ts, all regions).
      international: internationalFormat(parsed.country, prefix, number),
      region: parsed.country ?? mainRegionOf(prefix) ?? null,
      countryName: countryNameOf(parsed),
      countrySource,
    },
  };
}

function countryNameOf(parsed: Reading): string {
  const region = parsed.country ?? mainRegionOf(parsed.countryCallingCode);
  return (
    (region && regionName(region)) || t('phone.internationalNumbers', { code: parsed.countryCallingCode })
  );
}

/** Both readings in full, so the marketer sees which country each one means. */
function twoReadings(text: string, leading: Reading, national: Reading): string {
  return t('phone.twoReadings', {
    phone: text,
    leading: `${international(leading)} (${countryNameOf(leading)})`,
    national: international(national),
    country: countryNameOf(national),
  });
}

function international(parsed: Reading): string {
  return internationalFormat(parsed.country, parsed.countryCallingCode, parsed.nationalNumber);
}

const SOURCE_NOTES: Readonly<Record<CountrySource, MessageKey | null>> = {
  plus: null,
  row: null,
  default: 'phone.countryFromDefault',
  'leading-digits': 'phone.countryFromLeadingDigits',
};

/**
 * The Details text of a number as sent: "+1 201 555 1492 (United States)", with a note when the
 * country was not written in the row ("+1 201 555 1492 (United States, country read from the leading digits)").
 */
export function describeSentNumber(sent: SentNumber): string {
  const note = SOURCE_NOTES[sent.countrySource];
  const country = note ? t(note, { country: sent.countryName }) : sent.countryName;
  return `${sent.international} (${country})`;
}

function explainNoHint(text: string, parsed: PhoneNumber | undefined, doubleZero: boolean): string {
  if (!/\d/.test(text)) return t('phone.notAPhoneNumber', { phone: text });
  // "0044 1234": the person did write a country code, so say what is wrong with the rest.
  return doubleZero && parsed ? explainParsed(text, parsed) : noCountryCodeReason();
}

function explainInvalid(
  text: string,
  options: ParseOptions,
  parsed: PhoneNumber | undefined,
  defaultGuessed = false,
): string {
  if (parsed) return explainParsed(text, parsed, defaultGuessed);
  const lengthProblem = validatePhoneNumberLength(text, options, phoneMetadata());
  if (lengthProblem === 'INVALID_COUNTRY' && text.startsWith('+')) {
    return t('phone.unknownCountryCode', { phone: text });
  }
  if (lengthProblem === 'INVALID_COUNTRY') return noCountryCodeReason();
  return t('phone.notAPhoneNumber', { phone: text });
}

const LENGTH_PROBLEMS: Record<string, MessageKey> = {
  TOO_LONG: 'phone.tooLong',
  INVALID_LENGTH: 'phone.wrongLength',
};

/** `defaultGuessed`: the country was the sheet's default, so the number may be from elsewhere. */
function explainParsed(shown: string, parsed: PhoneNumber, defaultGuessed = false): string {
  // libphonenumber reads "abc123" as the digits 123: a cell with letters is not a number at all.
  if (/\p{L}/u.test(shown.replace(/\b(?:ext|x)\.?\s*\d+$/i, '')))
    return t('phone.hasLetters', { phone: shown });
  const where = describeCallingCode(parsed.country, parsed.countryCallingCode);
  const lengthProblem = parsed.isPossible()
    ? undefined
    : validatePhoneNumberLength(parsed.number, phoneMetadata());
  if (lengthProblem === 'TOO_SHORT') return t('phone.tooShort', { phone: shown, where });
  const key = (lengthProblem && LENGTH_PROBLEMS[lengthProblem]) || 'phone.notValidFor';
  if (!defaultGuessed) return t(key, { phone: shown, where });
  return t('phone.fromAnotherCountry', {
    reason: t(key, { phone: shown, where: t('phone.whereDefault', { where }) }),
  });
}

function describeCallingCode(country: CountryCode | undefined, callingCode: string): string {
  const region = country ?? mainRegionOf(callingCode);
  return region ? describeRegion(region) : t('phone.internationalNumbers', { code: callingCode });
}

/** "+91 98765 43210" for a normalised number, e.g. as a display name. */
export function formatInternational(prefix: string, number: string): string {
  const parsed = parsePhoneNumberFromString(`+${prefix}${number}`, phoneMetadata());
  return parsed
    ? internationalFormat(parsed.country, parsed.countryCallingCode, parsed.nationalNumber)
    : `+${prefix} ${number}`;
}
