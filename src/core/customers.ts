/**
 * Partner mode, the platform-free part: reading BotPenguin's Partner API answers (the customer
 * list and a customer's token, docs/botpenguin-api.md "Partner API"), finding customers by name
 * or email, and the account part of an import record, so a row imported into one customer's
 * account is not "already imported" for another. Returns data; the words are the server's.
 */

/** A partner's customer as the add-on shows and stores it. */
export interface CustomerRef {
  /** BotPenguin's customer `_id` (24 hex characters). */
  id: string;
  name: string;
  email: string;
}

/** The customer list's entries: `data: [{ _id, name, contact: { email }, … }]`; others are skipped. */
export function readCustomerList(body: string): CustomerRef[] | null {
  let data: unknown;
  try {
    data = (JSON.parse(body) as { data?: unknown }).data;
  } catch {
    return null;
  }
  if (!Array.isArray(data)) return null;
  const customers: CustomerRef[] = [];
  for (const item of data) {
    const c = item as { _id?: unknown; name?: unknown; contact?: { email?: unknown } } | null;
    if (!c || typeof c._id !== 'string' || !/^[0-9a-f]{24}$/i.test(c._id)) continue;
    customers.push({
      id: c._id,
      name: typeof c.name === 'string' ? c.name.trim() : '',
      email: typeof c.contact?.email === 'string' ? c.contact.email.trim() : '',
    });
  }
  return customers;
}

export type UserTokenAnswer = { kind: 'token'; key: string } | { kind: 'inactive' } | { kind: 'unreadable' };

/** `{ data: { permanentToken: { key, active } } }`; a token marked inactive is not used. */
export function readUserToken(body: string): UserTokenAnswer {
  try {
    const token = (JSON.parse(body) as { data?: { permanentToken?: { key?: unknown; active?: unknown } } })
      .data?.permanentToken;
    if (!token || typeof token.key !== 'string' || token.key.trim() === '') return { kind: 'unreadable' };
    if (token.active === false) return { kind: 'inactive' };
    return { kind: 'token', key: token.key.trim() };
  } catch {
    return { kind: 'unreadable' };
  }
}

/** Case-insensitive: every word of the search is in the name or the email. */
export function matchesCustomer(customer: CustomerRef, search: string): boolean {
  const haystack = `${customer.name} ${customer.email}`.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** Hex digits the account adds to a row's ref; a plain fingerprint has 16. */
const FINGERPRINT_LENGTH = 16;
const ACCOUNT_TAG_LENGTH = 6;

/** Six hex digits naming a customer (FNV-1a of its id): enough to tell a partner's customers apart. */
function accountTag(customerId: string): string {
  let hash = 0x811c9dc5 >>> 0;
  for (let i = 0; i < customerId.length; i++)
    hash = Math.imul(hash ^ customerId.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0').slice(0, ACCOUNT_TAG_LENGTH);
}

/**
 * The ref written for an import: the contact's fingerprint, followed in partner mode by the
 * customer's tag. Without a customer (the user's own token) it is the fingerprint as before.
 */
export function accountRef(fingerprint: string, customerId: string | null): string {
  return customerId ? fingerprint + accountTag(customerId) : fingerprint;
}

/** Whether a ref read from a row was written for this account (the customer, or the own token). */
export function sameAccount(ref: string, customerId: string | null): boolean {
  const tagged = ref.length === FINGERPRINT_LENGTH + ACCOUNT_TAG_LENGTH;
  if (!customerId) return !tagged;
  return tagged && ref.slice(FINGERPRINT_LENGTH) === accountTag(customerId);
}
