/**
 * The mock's read side of the inbox: `POST /inbox/users` (list contacts, paged until an empty
 * page), the body checks of `POST /inbox/tags`, and seeded contacts for export tests. Pure
 * functions over the stored contacts; server.ts owns the store, auth, faults and the request log.
 */
import type { JsonValue, SeedContactsSpec, StoredContact } from './types';

export const USERS_PATH = '/inbox/users';
export const DEFAULT_PAGE_SIZE = 100;

/** The list filters BotPenguin documents; the mock demands every one of them (see README). */
const LIST_FIELDS = ['searchText', 'tags', 'segments', 'page'] as const;

export interface ListQuery {
  searchText: string;
  tags: string[];
  segments: string[];
  page: number;
}

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Every problem with a list body, one message each; an empty list means the query is usable. */
export function validateListBody(
  body: JsonValue,
): { ok: true; query: ListQuery } | { ok: false; errors: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: ['body must be a JSON object with searchText, tags, segments and page'] };
  }
  const errors: string[] = [];
  for (const field of LIST_FIELDS) if (!(field in body)) errors.push(`${field} is required`);
  const { searchText, tags, segments, page } = body as Record<string, unknown>;
  if ('searchText' in body && typeof searchText !== 'string') errors.push('searchText must be a string');
  if ('tags' in body && !isStringArray(tags)) errors.push('tags must be an array of tag names');
  if ('segments' in body && !isStringArray(segments)) errors.push('segments must be an array of strings');
  if ('page' in body && !(typeof page === 'number' && Number.isInteger(page) && page >= 1)) {
    errors.push('page must be a whole number from 1');
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    query: {
      searchText: searchText as string,
      tags: tags as string[],
      segments: segments as string[],
      page: page as number,
    },
  };
}

/**
 * searchText: case-insensitive substring of the name, the email or the number (prefix+number or
 * the national number). tags: the contact has ALL the given names (exact). segments: contacts are
 * never in a segment in the mock (imports cannot put them there), so any segment filter matches
 * nobody.
 */
function matchesQuery(contact: StoredContact, query: ListQuery): boolean {
  const needle = query.searchText.trim().toLowerCase();
  if (needle !== '') {
    const haystack = [contact.name, contact.email, contact.prefix + contact.number, contact.number];
    if (!haystack.some((text) => text.toLowerCase().includes(needle))) return false;
  }
  if (!query.tags.every((tag) => contact.tags.includes(tag))) return false;
  return query.segments.length === 0;
}

/** A contact as BotPenguin's list returns it. */
function userView(contact: StoredContact): JsonValue {
  return {
    _id: contact._id,
    platform: 'whatsapp',
    profile: {
      userDetails: {
        userProvidedName: contact.name,
        contact: { email: contact.email, phone: { number: contact.number, prefix: contact.prefix } },
        tags: [...contact.tags],
        attributes: contact.attributes.map((attribute) => ({ ...attribute })),
        whatsAppNumber: contact.prefix + contact.number,
      },
    },
    segments: [],
    isImported: contact.isImported,
    createdAt: contact.createdAt,
  };
}

/** One page (1-based) of the matching contacts, in store order; past the end = empty. */
export function listPage(contacts: StoredContact[], query: ListQuery, pageSize: number): JsonValue[] {
  const matching = contacts.filter((contact) => matchesQuery(contact, query));
  const start = (query.page - 1) * pageSize;
  return matching.slice(start, start + pageSize).map(userView);
}

export function validateTagBody(
  body: JsonValue,
): { ok: true; tag: string } | { ok: false; errors: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: ['body must be a JSON object {tag, status}'] };
  }
  const { tag, status } = body as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof tag !== 'string' || tag.trim() === '') errors.push('tag must be a non-empty string');
  if (status !== undefined && status !== 'ACTIVE') errors.push('status must be "ACTIVE"');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, tag: (tag as string).trim() };
}

/**
 * Generated contacts for export tests, numbered from `start`: "Seeded contact k", phone 91
 * 97xxxxxxxx, email seeded.k@example.com; `tagEvery`/`attributeEvery` give every n-th contact the
 * tag "VIP" / the attribute City = "City k".
 */
export function generatedContacts(
  spec: Extract<SeedContactsSpec, { count: number }>,
): Array<Omit<StoredContact, '_id'>> {
  const start = spec.start ?? 0;
  const createdAt = spec.createdAt ?? new Date().toISOString();
  return Array.from({ length: spec.count }, (_, i) => {
    const k = start + i;
    return {
      prefix: '91',
      number: `97${String(k).padStart(8, '0')}`,
      name: `Seeded contact ${k}`,
      email: `seeded.${k}@example.com`,
      tags: spec.tagEvery && k % spec.tagEvery === 0 ? ['VIP'] : [],
      attributes:
        spec.attributeEvery && k % spec.attributeEvery === 0 ? [{ key: 'City', value: `City ${k}` }] : [],
      importCount: 0,
      isImported: false,
      createdAt,
      updatedAt: createdAt,
    };
  });
}
