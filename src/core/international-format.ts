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
  /** The whole national number must match the format's pattern. */
  whole: RegExp;
  pattern: RegExp;
  replacement: string;
  /** The replacement's group numbers when it is groups and single spaces only ("$1 $2 $3"): the
   * international style then changes nothing, and no replacement text is parsed per number. */
  groups: number[] | null;
}

/** libphonenumber's VALID_PUNCTUATION, which its international style turns into single spaces. */
const PUNCTUATION =
  /[-\u2010-\u2015\u2212\u30FC\uFF0D\uFF0F/\uFF0E. \xA0\xAD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D[\]~\u2053\u223C\uFF5E]+/g;

/** "$1 $2 $3": national digits replace the groups, so no punctuation is left to turn into spaces. */
const SPACED_GROUPS = /^\$[1-9](?: \$[1-9])*$/;

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
      whole: new RegExp(`^(?:${format.pattern()})$`),
      pattern: new RegExp(format.pattern()),
      replacement: format.internationalFormat(),
      groups: SPACED_GROUPS.test(format.internationalFormat())
        ? format
            .internationalFormat()
            .split(' ')
            .map((group) => Number(group.slice(1)))
        : null,
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
    if (format.leading && !format.leading.test(nationalNumber)) continue;
    if (!format.whole.test(nationalNumber)) continue;
    const grouped = format.groups
      ? withGroups(nationalNumber, format.pattern, format.groups)
      : nationalNumber.replace(format.pattern, format.replacement);
    // An empty group would leave a space at an end or two together: the style would tidy them.
    const alreadyTidy =
      format.groups !== null && grouped[0] !== ' ' && !grouped.endsWith(' ') && !grouped.includes('  ');
    return `+${callingCode} ${alreadyTidy ? grouped : grouped.replace(PUNCTUATION, ' ').trim()}`;
  }
  return `+${callingCode} ${nationalNumber}`;
}

/** nationalNumber.replace(pattern, "$1 $2 $3") for `groups` [1, 2, 3], as String.replace does it. */
function withGroups(nationalNumber: string, pattern: RegExp, groups: number[]): string {
  const match = pattern.exec(nationalNumber);
  if (!match) return nationalNumber;
  let grouped = match[groups[0]] ?? '';
  for (let i = 1; i < groups.length; i++) grouped += ` ${match[groups[i]] ?? ''}`;
  return nationalNumber.slice(0, match.index) + grouped + nationalNumber.slice(match.index + match[0].length);
}
