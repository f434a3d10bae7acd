/**
 * A parsed number's international text ("+91 98765 43210"), the same as libphonenumber-js's own
 * `formatInternational()` (extensions aside: the add-on never shows them), with each numbering
 * plan's formats compiled once. libphonenumber builds a Format object per format of the plan and a
 * RegExp per pattern on every call (India has dozens of formats); over a sheet of valid numbers
 * that was about a fifth of the contact pipeline. test/core/international-format.test.ts compares
 * the two over numbers of every region.
 */
import { type CountryCode, Metadata, type MetadataJson } from 'libphonenumber-js/core';
import { phoneMetadata } from './phone-metadata';

/** The parts of libphonenumber's Format that formatting uses (not in its type declarations). */
interface LibraryFormat {
  pattern(): string;
  leadingDigitsPatterns(): string[];
  internationalFormat(): string;
}

interface CompiledFormat {
  /** The last leading-digits pattern (libphonenumber uses the last), anchored: it must match at the
   * start, and search() would try every position first. */
  leading: RegExp | null;
  /** The digits the leading-digits pattern may start with, as bits (bit d: digit d): a number
   * starting with another digit is not tested against it. */
  firstDigits: number;
  /** How to cut a national number by digit counts alone; null for any other format. */
  digitCut: DigitCut | null;
  /** For other formats, libphonenumber's way: the whole number must match the pattern, which
   * the replacement then rewrites. */
  whole: RegExp;
  pattern: RegExp;
  replacement: string;
}

/**
 * A format whose pattern is digit groups only ("(\d{3})(\d{4,5})": every format of today's
 * metadata) and whose replacement is its groups with punctuation between them. A national
 * number is all digits, so its length alone says whether it matches, and its groups are cut where
 * the regex's greedy match would cut them.
 */
interface DigitCut {
  /** Each group's [fewest, most] digits. */
  spans: [number, number][];
  /** Per group, the fewest digits the groups after it take. */
  restMin: number[];
  shortest: number;
  longest: number;
  /** The replacement's groups in order, and between two of them one space where it has
   * punctuation ("($1) $2-$3" → 1 2 3, spaced) or none where it has nothing ("$1$2"). */
  order: number[];
  joins: string[];
}

const DIGIT_GROUP = /\(\\d(?:\{(\d+)(?:,(\d+))?\})?\)/g;
const DIGIT_GROUPS_ONLY = /^(?:\(\\d(?:\{\d+(?:,\d+)?\})?\))+$/;

const ANY_DIGIT = 0x3ff;

/**
 * The digits a pattern's match may start with, as bits; every digit when unsure. Leading-digits
 * patterns are digits, classes, \d and groups of alternatives: the first element of each
 * alternative says. Only ever too many digits, never too few, so no format is skipped wrongly.
 */
export function firstDigitsOf(pattern: string): number {
  let digits = 0;
  for (const alternative of topLevelAlternatives(pattern)) {
    const first = alternative[0];
    let end: number;
    if (first >= '0' && first <= '9') {
      digits |= 1 << (first.charCodeAt(0) - 48);
      end = 1;
    } else if (first === '[') {
      end = alternative.indexOf(']') + 1;
      digits |= classDigits(alternative.slice(1, end - 1));
    } else if (first === '(' && closingParen(alternative) < alternative.length) {
      end = closingParen(alternative) + 1;
      digits |= firstDigitsOf(alternative.slice(alternative.startsWith('(?:') ? 3 : 1, end - 1));
    } else return ANY_DIGIT;
    // A quantifier could let the first element match nothing, and the next one lead.
    if ('?*{+'.includes(alternative[end] ?? '|')) return ANY_DIGIT;
  }
  return digits;
}

function topLevelAlternatives(pattern: string): string[] {
  const alternatives: string[] = [];
  let start = 0;
  walk(pattern, (char, i, depth) => {
    if (char === '|' && depth === 0) {
      alternatives.push(pattern.slice(start, i));
      start = i + 1;
    }
    return false;
  });
  alternatives.push(pattern.slice(start));
  return alternatives;
}

/** The index of the ")" closing the group that opens at 0. */
function closingParen(text: string): number {
  let end = text.length;
  walk(text, (char, i, depth) => {
    if (char !== ')' || depth !== 0) return false;
    end = i;
    return true;
  });
  return end;
}

/** Visits a pattern's characters outside escapes and classes, with the group depth after each,
 * until `visit` says stop. */
function walk(text: string, visit: (char: string, i: number, depth: number) => boolean): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '[') i = text.indexOf(']', i);
    else {
      if (char === '(') depth++;
      else if (char === ')') depth--;
      if (visit(char, i, depth)) return;
    }
  }
}

/** "2-57-9" → bits 2 to 5 and 7 to 9; every digit for anything else than digits and ranges. */
function classDigits(body: string): number {
  if (!/^(?:\d(?:-\d)?)+$/.test(body)) return ANY_DIGIT;
  let digits = 0;
  for (const [, from, to] of body.matchAll(/(\d)(?:-(\d))?/g)) {
    for (let d = Number(from); d <= Number(to ?? from); d++) digits |= 1 << d;
  }
  return digits;
}

/** The digit cut of a format, or null when its pattern or replacement is anything else. */
export function digitCutOf(pattern: string, replacement: string): DigitCut | null {
  const groups = groupsOf(replacement);
  const spans = groups && digitSpans(pattern);
  if (!groups || !spans || !groups.order.every((group) => group <= spans.length)) return null;
  return {
    spans,
    restMin: spans.map((_, i) => spans.slice(i + 1).reduce((sum, [fewest]) => sum + fewest, 0)),
    shortest: spans.reduce((sum, [fewest]) => sum + fewest, 0),
    longest: spans.reduce((sum, [, most]) => sum + most, 0),
    ...groups,
  };
}

/** "(\d{3})(\d{4,5})" → [[3, 3], [4, 5]]; null for any other pattern. */
function digitSpans(pattern: string): [number, number][] | null {
  if (!DIGIT_GROUPS_ONLY.test(pattern)) return null;
  const spans: [number, number][] = [];
  for (const [, fewest = '1', most] of pattern.matchAll(DIGIT_GROUP)) {
    spans.push([Number(fewest), Number(most ?? fewest)]);
  }
  return spans.every(([fewest, most]) => fewest >= 1 && most >= fewest) ? spans : null;
}

/** libphonenumber's VALID_PUNCTUATION, which its international style turns into single spaces. */
const PUNCTUATION =
  /[-\u2010-\u2015\u2212\u30FC\uFF0D\uFF0F/\uFF0E. \xA0\xAD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D[\]~\u2053\u223C\uFF5E]+/g;

const compiledByMetadata = new WeakMap<MetadataJson, Map<string, CompiledFormat[]>>();

function formatsOf(json: MetadataJson, plan: string): CompiledFormat[] {
  let byPlan = compiledByMetadata.get(json);
  if (!byPlan) {
    byPlan = new Map();
    compiledByMetadata.set(json, byPlan);
  }
  const known = byPlan.get(plan);
  if (known) return known;
  const metadata = new Metadata(json);
  // A region, or a calling code for numbers of no region (+800…), as libphonenumber selects them.
  metadata.selectNumberingPlan(plan as CountryCode);
  const formats = (metadata.numberingPlan as unknown as { formats(): LibraryFormat[] }).formats();
  const compiled = formats.map((format): CompiledFormat => {
    const leading = format.leadingDigitsPatterns();
    const last = leading.length > 0 ? leading[leading.length - 1] : null;
    return {
      leading: last === null ? null : new RegExp(`^(?:${last})`),
      firstDigits: last === null ? ANY_DIGIT : firstDigitsOf(last),
      digitCut: digitCutOf(format.pattern(), format.internationalFormat()),
      whole: new RegExp(`^(?:${format.pattern()})$`),
      pattern: new RegExp(format.pattern()),
      replacement: format.internationalFormat(),
    };
  });
  byPlan.set(plan, compiled);
  return compiled;
}

/**
 * `country`: the parsed number's region (undefined or "001" for numbers of no region, whose
 * calling code then picks the plan, as in libphonenumber's format()).
 */
export function internationalFormat(
  country: CountryCode | undefined,
  callingCode: string,
  nationalNumber: string,
): string {
  if (!nationalNumber) return `+${callingCode}`;
  // As libphonenumber picks the plan. In today's metadata no region that shares a calling code
  // has formats of its own (they fall back to the code's main region's), so both give one text.
  const plan = country && (country as string) !== '001' ? country : callingCode;
  for (const format of formatsOf(phoneMetadata(), plan)) {
    if (format.leading) {
      if (!(format.firstDigits & (1 << (nationalNumber.charCodeAt(0) - 48)))) continue;
      if (!format.leading.test(nationalNumber)) continue;
    }
    const cut = format.digitCut;
    if (cut) {
      if (nationalNumber.length < cut.shortest || nationalNumber.length > cut.longest) continue;
      return cutByDigits(callingCode, nationalNumber, cut);
    }
    if (!format.whole.test(nationalNumber)) continue;
    const grouped = nationalNumber.replace(format.pattern, format.replacement);
    return `+${callingCode} ${grouped.replace(PUNCTUATION, ' ').trim()}`;
  }
  return `+${callingCode} ${nationalNumber}`;
}

/**
 * "+91 81234 56789" from the spans: each group takes as many digits as it may while the groups
 * after it still get their fewest, as the regex's greedy match does. Joined in one piece: the
 * text is kept in every row's outcome.
 */
function cutByDigits(callingCode: string, nationalNumber: string, cut: DigitCut): string {
  const { spans, restMin, order, joins } = cut;
  const pieces: string[] = new Array(spans.length);
  let at = 0;
  for (let i = 0; i < spans.length; i++) {
    const take = Math.min(spans[i][1], nationalNumber.length - at - restMin[i]);
    pieces[i] = nationalNumber.slice(at, at + take);
    at += take;
  }
  if (joins.every((join) => join === ' ')) {
    const parts: string[] = new Array(order.length + 1);
    parts[0] = `+${callingCode}`;
    for (let i = 0; i < order.length; i++) parts[i + 1] = pieces[order[i] - 1];
    return parts.join(' ');
  }
  let text = pieces[order[0] - 1];
  for (let i = 1; i < order.length; i++) text += joins[i - 1] + pieces[order[i] - 1];
  return `+${callingCode} ${text}`;
}

const ONLY_PUNCTUATION = new RegExp(`^(?:${PUNCTUATION.source})$`);

/** "($1) $2-$3" → groups [1, 2, 3] joined by spaces: the punctuation the international style turns
 * into single spaces, then trims at the ends. Null for a replacement with any other text. */
function groupsOf(replacement: string): Pick<DigitCut, 'order' | 'joins'> | null {
  const tokens = replacement.split(/\$(\d)/);
  const order: number[] = [];
  const joins: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (i % 2 === 1) order.push(Number(tokens[i]));
    else if (tokens[i] !== '' && !ONLY_PUNCTUATION.test(tokens[i])) return null;
    else if (i > 0 && i < tokens.length - 1) joins.push(tokens[i] === '' ? '' : ' ');
  }
  return order.length > 0 ? { order, joins } : null;
}
