/**
 * The common cases of libphonenumber-js's parse + isValid (1.13, `min` metadata), without its
 * per-call costs (a Metadata object, an options spread and a new RegExp for every pattern test):
 * the phone column is most of the pipeline's time. It answers a reading when libphonenumber
 * would find the number valid, with the same country, calling code and national number, and
 * 'invalid' when libphonenumber would not; for anything it does not follow step by step (an
 * extension, a carrier code, a transform rule, non-geographic numbers) it answers undefined and
 * the caller asks libphonenumber itself.
 * test/core/phone-reading-equivalence.test.ts compares the two on numbers of every region, in every form.
 */
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';

export interface ValidReading {
  countryCallingCode: string;
  nationalNumber: string;
  country: CountryCode | undefined;
  /** "+" + calling code + national number. */
  number: string;
}

/** A region's metadata (v4 layout): [code, IDD, pattern, lengths, formats, national prefix, …]. */
type Plan = readonly unknown[];

/** Digits with the separators people type; no letters, "#", "," or ";" (so no extension). */
const PLAIN_NUMBER = /^\+?\d[\d ().\-/]{0,60}$/;

/** Compiled once per pattern; keyed by the metadata's own strings, so no key is built per test. */
const compiledWhole = new Map<string, RegExp>();
const compiledStart = new Map<string, RegExp>();
function regex(source: string, anchored: boolean): RegExp {
  const cache = anchored ? compiledWhole : compiledStart;
  let found = cache.get(source);
  if (!found) {
    found = new RegExp(anchored ? `^(?:${source})$` : `^(?:${source})`);
    cache.set(source, found);
  }
  return found;
}

const matchesEntirely = (text: string, pattern: unknown) => regex(String(pattern), true).test(text);

/** libphonenumber's isNumberTypeEqualTo for one of the plan's types ([pattern, lengths?], or 0). */
function isOfType(plan: Plan, type: unknown[] | 0, nationalNumber: string): boolean {
  if (type === 0 || !type[0]) return false;
  const lengths = (type[1] ?? plan[3]) as number[] | undefined;
  if (lengths && !lengths.includes(nationalNumber.length)) return false;
  return matchesEntirely(nationalNumber, type[0]);
}

/** Metadata.hasTypes(): an empty list counts as none. */
const hasTypes = (plan: Plan) => Boolean(plan[11]) && (plan[11] as unknown[]).length !== 0;

/** getNumberType(…) !== undefined (some type matches); for a plan without types, the general pattern. */
function isValidFor(plan: Plan, nationalNumber: string): boolean {
  if (!matchesEntirely(nationalNumber, plan[2])) return false;
  if (!hasTypes(plan)) return true;
  return (plan[11] as (unknown[] | 0)[]).some((type) => isOfType(plan, type, nationalNumber));
}

function countryOf(metadata: MetadataJson, code: string, nationalNumber: string): CountryCode | undefined {
  const countries = metadata.country_calling_codes[code] as CountryCode[] | undefined;
  if (!countries) return undefined;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = metadata.countries[country] as Plan;
    const leading = plan[10] as string | undefined;
    if (leading) {
      if (regex(leading, false).test(nationalNumber)) return country;
    } else if (hasTypes(plan) && isValidFor(plan, nationalNumber)) return country;
  }
  return undefined;
}

/** extractNationalNumber for a plain national prefix ("0"); null where libphonenumber does more. */
function withoutNationalPrefix(metadata: MetadataJson, plan: Plan, number: string): string | null {
  const prefix = (plan[7] || plan[5]) as string | undefined;
  if (!prefix) return number;
  const match = regex(prefix, false).exec(number);
  if (!match || match[0] === '') return number;
  if (match.length > 1 && match.slice(1).some(Boolean)) return null;
  const national = number.slice(match[0].length);
  if (matchesEntirely(number, plan[2]) && !matchesEntirely(national, plan[2])) return number;
  if (!plan[3]) return national;
  const country = countryOf(metadata, plan[0] as string, national);
  const lengths = (country ? (metadata.countries[country] as Plan)[3] : plan[3]) as number[] | undefined;
  if (!lengths) return national;
  if (national.length < lengths[0]) return number;
  if (national.length > lengths[lengths.length - 1]) return national;
  return lengths.includes(national.length) ? national : number;
}

export interface ReadOptions {
  defaultCountry?: CountryCode;
  defaultCallingCode?: string;
}

/** Where the national number starts: its calling code and numbering plan (extractCountryCallingCode). */
interface Start {
  code: string;
  plan: Plan;
  number: string;
  /** The calling code was written ("+", or the default country's IDD): no default country then. */
  international: boolean;
}

/** A calling code's entry, by the code's numeric value (no code starts with 0): its main plan,
 * or NON_GEOGRAPHIC for +800 and the like, which this path leaves to libphonenumber. */
type CallingCodeEntry = { code: string; plan: Plan } | typeof NON_GEOGRAPHIC | undefined;
const NON_GEOGRAPHIC = 'non-geographic';
const callingCodeTables = new WeakMap<MetadataJson, CallingCodeEntry[]>();

function callingCodeTable(metadata: MetadataJson): CallingCodeEntry[] {
  let table = callingCodeTables.get(metadata);
  if (!table) {
    table = new Array(1000).fill(undefined);
    for (const [code, countries] of Object.entries(metadata.country_calling_codes)) {
      table[Number(code)] = { code, plan: metadata.countries[countries[0]] as Plan };
    }
    for (const code of Object.keys(metadata.nonGeographic ?? {})) table[Number(code)] ??= NON_GEOGRAPHIC;
    callingCodeTables.set(metadata, table);
  }
  return table;
}

/** Digits after a "+" (or an IDD): a calling code of one to three digits, then the number. */
function afterCallingCode(digits: string, metadata: MetadataJson): Start | undefined {
  if (digits[0] === '0') return undefined;
  const table = callingCodeTable(metadata);
  let value = 0;
  for (let i = 1; i <= 3 && i <= digits.length; i++) {
    value = value * 10 + (digits.charCodeAt(i - 1) - 48);
    const entry = table[value];
    if (entry === NON_GEOGRAPHIC) return undefined;
    if (entry) return { code: entry.code, plan: entry.plan, number: digits.slice(i), international: true };
  }
  return undefined;
}

function startOf(
  text: string,
  digits: string,
  options: ReadOptions,
  metadata: MetadataJson,
): Start | undefined {
  if (text[0] === '+') return afterCallingCode(digits, metadata);
  let code: string;
  let plan: Plan;
  if (options.defaultCountry) {
    const own = metadata.countries[options.defaultCountry] as Plan | undefined;
    if (!own) return undefined;
    // stripIddPrefix: "00 44 20…" read in India is +44 20…; a 0 after the IDD leaves it national.
    const idd = regex(String(own[1]), false).exec(digits)?.[0];
    if (idd)
      return digits[idd.length] === '0' ? undefined : afterCallingCode(digits.slice(idd.length), metadata);
    code = own[0] as string;
    plan = own;
  } else {
    // libphonenumber strips no IDD for a calling code alone.
    const countries =
      options.defaultCallingCode && metadata.country_calling_codes[options.defaultCallingCode];
    if (!options.defaultCallingCode || !countries) return undefined;
    code = options.defaultCallingCode;
    plan = metadata.countries[countries[0]] as Plan;
  }
  if (!digits.startsWith(code)) return { code, plan, number: digits, international: false };
  return withoutOwnCallingCode(metadata, plan, code, digits);
}

/**
 * extractCountryCallingCodeFromInternationalNumberWithoutPlusSign: "91 98765 43210" read in India
 * is +91 98765 43210 when only the digits after the 91 fit the plan, or all of them are too many.
 */
function withoutOwnCallingCode(
  metadata: MetadataJson,
  plan: Plan,
  code: string,
  digits: string,
): Start | undefined {
  const shorter = digits.slice(code.length);
  const whole = withoutNationalPrefix(metadata, plan, digits);
  const shorterNational = withoutNationalPrefix(metadata, plan, shorter);
  if (whole === null || shorterNational === null) return undefined;
  const lengths = plan[3] as number[] | undefined;
  const extracted =
    (!matchesEntirely(whole, plan[2]) && matchesEntirely(shorterNational, plan[2])) ||
    (lengths !== undefined && whole.length > lengths[lengths.length - 1]);
  if (!extracted) return { code, plan, number: digits, international: false };
  // The calling code is the number's now: its main region's plan, and no default country.
  const main = metadata.countries[metadata.country_calling_codes[code][0]] as Plan;
  return { code, plan: main, number: shorter, international: true };
}

/**
 * `text` ("+91 98765 43210", "0044 7400 123456" or "098765 43210" with defaultCountry "IN") as
 * libphonenumber's parsePhoneNumberFromString(text, options) then isValid() read it: the valid
 * reading, 'invalid' (no reading, or not valid), or undefined when this path does not know.
 */
export function readNumber(
  text: string,
  options: ReadOptions,
  metadata: MetadataJson,
): ValidReading | 'invalid' | undefined {
  if (!PLAIN_NUMBER.test(text)) return undefined;
  const digits = text.replace(/\D/g, '');
  if (digits.length < 5) return undefined;
  const start = startOf(text, digits, options, metadata);
  if (!start?.number) return undefined;
  const { code, plan } = start;
  const nationalNumber = withoutNationalPrefix(metadata, plan, start.number);
  if (nationalNumber === null) return undefined;
  if (nationalNumber.length < 2 || nationalNumber.length > 17) return 'invalid';
  const country =
    countryOf(metadata, code, nationalNumber) ?? (start.international ? undefined : options.defaultCountry);
  const validPlan = country ? (metadata.countries[country] as Plan) : plan;
  if (!isValidFor(validPlan, nationalNumber)) return 'invalid';
  return { countryCallingCode: code, nationalNumber, country, number: `+${code}${nationalNumber}` };
}
