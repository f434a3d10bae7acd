/**
 * The BotPenguin import payload (POST /inbox/users/import takes an array of these), its JSON
 * schema, and the fingerprint that tells whether a row changed since it was imported.
 */

export interface ImportProfile {
  profile: {
    userDetails: {
      userProvidedName: string;
      contact: { email: string; phone: { number: string; prefix: string } };
      tags: string[];
      attributes: { key: string; value: string }[];
    };
  };
}

/**
 * Sent when a row has no email. The documented shape always carries the key, so we send it
 * empty rather than leaving it out; change it here if BotPenguin ever wants otherwise.
 */
const EMAIL_WHEN_ABSENT = '';

export interface ContactFields {
  name: string;
  email: string | null;
  prefix: string;
  number: string;
  tags: string[];
  attributes: { key: string; value: string }[];
}

export function buildImportProfile(contact: ContactFields): ImportProfile {
  return {
    profile: {
      userDetails: {
        userProvidedName: contact.name,
        contact: {
          email: contact.email ?? EMAIL_WHEN_ABSENT,
          phone: { number: contact.number, prefix: contact.prefix },
        },
        tags: contact.tags,
        attributes: contact.attributes,
      },
    },
  };
}

const nonEmptyString = { type: 'string', minLength: 1 } as const;

/** JSON schema (draft-07 compatible) of one ImportProfile, exactly the documented shape. */
export const IMPORT_PROFILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Import profile',
  type: 'object',
  additionalProperties: false,
  required: ['profile'],
  properties: {
    profile: {
      type: 'object',
      additionalProperties: false,
      required: ['userDetails'],
      properties: {
        userDetails: {
          type: 'object',
          additionalProperties: false,
          required: ['userProvidedName', 'contact', 'tags', 'attributes'],
          properties: {
            userProvidedName: nonEmptyString,
            contact: {
              type: 'object',
              additionalProperties: false,
              required: ['email', 'phone'],
              properties: {
                email: {
                  type: 'string',
                  anyOf: [{ const: '' }, { pattern: '^[^\\s@]+@(?:[^\\s@.]+\\.)+[^\\s@.]+$' }],
                },
                phone: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['number', 'prefix'],
                  properties: {
                    number: { type: 'string', pattern: '^[0-9]{2,17}$' },
                    prefix: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' },
                  },
                },
              },
            },
            tags: { type: 'array', uniqueItems: true, items: nonEmptyString },
            attributes: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['key', 'value'],
                properties: { key: nonEmptyString, value: nonEmptyString },
              },
            },
          },
        },
      },
    },
  },
} as const;

/**
 * A 16-hex-digit hash of what BotPenguin would store, used to tell "unchanged since imported".
 * Tags and attributes are sorted first, so reordering columns or tags is not a change.
 * Two FNV-1a 32-bit passes with different offsets: pure JS, stable across platforms.
 */
export function contactFingerprint(payload: ImportProfile): string {
  const details = payload.profile.userDetails;
  const canonical = JSON.stringify([
    details.userProvidedName,
    details.contact.email,
    details.contact.phone.prefix,
    details.contact.phone.number,
    [...details.tags].sort(),
    details.attributes.map((attribute) => [attribute.key, attribute.value]).sort(compareAttributePairs),
  ]);
  // Both FNV-1a passes in one loop over the text (same result as two loops, half the walking).
  let first = 0x811c9dc5 >>> 0;
  let second = (0x01000193 ^ 0x5bd1e995) >>> 0;
  for (let i = 0; i < canonical.length; i++) {
    const code = canonical.charCodeAt(i);
    first = Math.imul(first ^ code, 0x01000193) >>> 0;
    second = Math.imul(second ^ code, 0x01000193) >>> 0;
  }
  return hex8(first) + hex8(second);
}

function compareAttributePairs(a: string[], b: string[]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

const HEX_DIGITS = '0123456789abcdef';

/** An unsigned 32-bit hash as 8 lowercase hex digits (what toString(16).padStart(8, '0') gives,
 * without the number-to-text conversion, twice per contact sent). */
function hex8(hash: number): string {
  let text = '';
  for (let shift = 28; shift >= 0; shift -= 4) text += HEX_DIGITS[(hash >>> shift) & 15];
  return text;
}
