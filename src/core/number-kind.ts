/**
 * Whether a valid number is a mobile one, from its leading digits: only needed when a cell holds
 * several numbers and the one WhatsApp reaches must be picked. The server bundle carries
 * libphonenumber-js's `min` metadata, which has no number types (see phone.ts), so this is a small
 * table of the national numbering plans of the markets the add-on sees most, written from
 * libphonenumber's own ranges. `test/core/number-kind.test.ts` checks every row against the `max`
 * metadata's getType(). Countries whose plans do not tell mobiles apart (+1, Mexico, Chile) and
 * leading digits both kinds use (India's 7 and 8) are 'unknown'.
 */

export type NumberKind = 'mobile' | 'fixed' | 'unknown';

/** Calling code → [mobile, fixed line] patterns of the national number. */
const PLANS: Readonly<Record<string, readonly [RegExp, RegExp]>> = {
  '7': [/^9/, /^[348]/],
  '20': [/^1[012]/, /^[2-9]/],
  '27': [/^(?:[67]|8[1-5])/, /^(?:1[0-8]|[2-4]|5[1-9])/],
  '31': [/^6[1-58]/, /^[1-57]/],
  '33': [/^(?:6|7[3-9])/, /^[1-5]/],
  '34': [/^(?:6|7[1-48])/, /^(?:8[1-8]|9[1-8])/],
  '39': [/^3/, /^0/],
  '44': [/^7[1-57-9]/, /^[12]/],
  '49': [/^1[5-7]/, /^[2-9]/],
  '51': [/^9/, /^[1-7]/],
  '54': [/^9/, /^[1-5]/],
  '55': [/^\d\d9\d{8}$/, /^\d\d[2-5]\d{7}$/],
  '57': [/^3/, /^60/],
  '60': [/^1(?:[0124]|[36-9][1-9])/, /^[3-9]/],
  '61': [/^4/, /^[2378]/],
  '62': [/^8[1-9]/, /^[2-7]/],
  '63': [/^9/, /^(?:[2-7]|8[2-8])/],
  '65': [/^(?:8[1-9]|9)/, /^6/],
  '81': [/^(?:[79]0|80[1-9])/, /^[1-9][1-9]/],
  '86': [/^1(?:[345789]|6[1-79])/, /^(?:10|[2-9])/],
  '90': [/^5/, /^[234]/],
  '91': [/^(?:9|6[09])/, /^(?:1[1-5]|[2-5])/],
  '92': [/^3/, /^(?:[24-8]|9[1-9])/],
  '234': [/^(?:9[01]|[78][01][1-9])/, /^[1-6]/],
  '254': [/^[17]/, /^[2-6]/],
  '351': [/^9[1236]/, /^2/],
  '966': [/^5/, /^1/],
  '971': [/^5/, /^[2-49]/],
};

/** The kind of a valid number given as calling code + national number. */
export function numberKind(prefix: string, nationalNumber: string): NumberKind {
  const plan = PLANS[prefix];
  if (!plan) return 'unknown';
  if (plan[0].test(nationalNumber)) return 'mobile';
  if (plan[1].test(nationalNumber)) return 'fixed';
  return 'unknown';
}
