/**
 * Phone cells as other tools write them: Meta's `p:+91…`, `tel:` and `whatsapp:` links, wa.me
 * links, Google Contacts' ` ::: ` between several numbers, numbers separated by `/`, `;`, `,`, `|`,
 * a line break or "or", and a leading apostrophe. A cell becomes one or more texts, each read by
 * normalisePhone; the digits of two numbers are never joined into one.
 */
import { t } from '../shared/i18n';
import type { RawCell } from './fields';
import { numberKind } from './number-kind';
import { type CountryHint, normalisePhone, type PhoneResult } from './phone';

/** A part is a number of its own only with this many digits; shorter ones belong to a neighbour. */
const MIN_DIGITS_OF_A_NUMBER = 7;

const SEPARATOR = /(\s*:::\s*|\s*[;,|/\n\r]+\s*|\s+(?=\+)|\s+(?:or|ou|o|oder)\s+)/i;
const LINK_PREFIX = /^(?:p|tel|callto|whatsapp|wa|sms)\s*:\s*(?:\/\/)?/i;
const WA_ME = /^(?:https?:\/\/)?(?:www\.)?wa\.me\/\+?(\d[\d\s-]*)(?:[/?#].*)?$/i;
const WA_API = /^(?:https?:\/\/)?(?:api|web)\.whatsapp\.com\/send\/?\?(?:.*&)?phone=\+?(\d+)/i;

function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** Digits and the punctuation people type: no apostrophe, link or prefix to take off. */
const UNWRAPPED = /^[\s\d+().-]*$/;

/** One number as a tool wrapped it → the number as a person would type it. */
function unwrapPhoneText(text: string): string {
  if (UNWRAPPED.test(text)) return text.trim();
  let value = text.trim().replace(/^'+/, '').trim();
  const link = WA_ME.exec(value) ?? WA_API.exec(value);
  // wa.me links hold the full international number without its "+" (WhatsApp's click-to-chat).
  if (link) return `+${link[1].replace(/\D/g, '')}`;
  for (let i = 0; i < 2 && LINK_PREFIX.test(value); i++) value = value.replace(LINK_PREFIX, '').trim();
  return value;
}

/**
 * The numbers a text cell holds, in order. A separator splits only when both sides have enough
 * digits to be numbers, so "0171/1234567" and "+1 415 555 0132, ext. 12" stay one number.
 */
export function phoneTexts(text: string): string[] {
  const one = onlyNumberOf(text);
  if (one !== undefined) return one === '' ? [] : [one];
  return numbersAround(text);
}

/** A text with a separator → its numbers: pieces too short to be one join their neighbour. */
function numbersAround(text: string): string[] {
  const pieces = text.split(SEPARATOR);
  const groups: string[] = [];
  let current = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i += 2) {
    const separator = pieces[i];
    const next = pieces[i + 1] ?? '';
    if (digitCount(current) >= MIN_DIGITS_OF_A_NUMBER && digitCount(next) >= MIN_DIGITS_OF_A_NUMBER) {
      groups.push(current);
      current = next;
    } else current += separator + next;
  }
  groups.push(current);
  return groups.map(unwrapPhoneText).filter((part) => part !== '');
}

/** Most cells hold one number and no separator: nothing to split or join. Undefined: a separator. */
function onlyNumberOf(text: string): string | undefined {
  return SEPARATOR.test(text) ? undefined : unwrapPhoneText(text);
}

/** A phone reading plus, for a cell of several numbers, what was chosen from it. */
export type PhoneCellResult = PhoneResult & {
  /** Set when the cell held several numbers and the one mobile number among them was taken. */
  chosenFrom?: { others: string[] };
};

/**
 * A phone cell → one number. A cell with several numbers gives the mobile one when exactly one of
 * them is mobile; otherwise it is invalid, naming them (a marketer decides which is WhatsApp).
 */
export function readPhoneCell(
  value: RawCell,
  hint: CountryHint | null,
  hintFromRow: boolean,
): PhoneCellResult {
  if (typeof value !== 'string') return normalisePhone(value, hint, hintFromRow);
  const one = onlyNumberOf(value);
  if (one !== undefined) return normalisePhone(one || value.trim(), hint, hintFromRow);
  const texts = numbersAround(value);
  if (texts.length <= 1) return normalisePhone(texts[0] ?? value.trim(), hint, hintFromRow);
  const readings = texts.map((text) => ({ text, result: normalisePhone(text, hint, hintFromRow) }));
  const distinct = new Map<string, (typeof readings)[number]>();
  for (const reading of readings) {
    if (reading.result.ok) {
      const key = reading.result.sent.e164;
      if (!distinct.has(key)) distinct.set(key, reading);
    }
  }
  const unreadable = readings.filter((reading) => !reading.result.ok);
  const valid = [...distinct.values()];
  if (valid.length === 1 && unreadable.length === 0) return valid[0].result;
  const mobiles = valid.filter(
    (reading) => reading.result.ok && numberKind(reading.result.prefix, reading.result.number) === 'mobile',
  );
  const chosen = mobiles.length === 1 ? mobiles[0] : null;
  if (chosen?.result.ok) {
    const chosenNumber = chosen.result.sent.e164;
    const others = readings
      .filter((reading) => !(reading.result.ok && reading.result.sent.e164 === chosenNumber))
      .map((reading) => (reading.result.ok ? reading.result.sent.international : reading.text));
    return { ...chosen.result, chosenFrom: { others } };
  }
  return {
    ok: false,
    reason: t('phone.severalNumbers', {
      numbers: readings
        .map((reading) => (reading.result.ok ? reading.result.sent.international : `'${reading.text}'`))
        .join(', '),
    }),
  };
}

/** E.164 numbers have at most 15 digits; ids (Meta's ad_id, CRM record ids) often have more. */
const MAX_DIGITS_OF_A_NUMBER = 15;
const PHONE_CHARACTERS = /^\+?[\d\s().\-/]+$/;
/** "2024-05-01", "5/1/2024": dates written as text have phone characters but are not numbers. */
const DATE_TEXT = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d{1,6}$/i;

/** Whether a cell reads as one or more phone numbers, for telling a phone column from an id column. */
export function looksLikePhoneCell(value: RawCell): boolean {
  if (typeof value === 'number') {
    const digits = Number.isSafeInteger(value) && value > 0 ? String(value).length : 0;
    return digits >= MIN_DIGITS_OF_A_NUMBER && digits <= MAX_DIGITS_OF_A_NUMBER;
  }
  if (typeof value !== 'string') return false;
  const texts = phoneTexts(value);
  return (
    texts.length > 0 &&
    texts.every((text) => {
      const bare = text.replace(EXTENSION, '').trim();
      const digits = digitCount(bare);
      return (
        !DATE_TEXT.test(bare) &&
        PHONE_CHARACTERS.test(bare) &&
        digits >= MIN_DIGITS_OF_A_NUMBER &&
        digits <= MAX_DIGITS_OF_A_NUMBER
      );
    })
  );
}
