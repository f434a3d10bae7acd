/**
 * Strict validation of the import body. BotPenguin documents only an example body, so this takes
 * the strictest reasonable reading of it: every field of the example is required, nothing else is
 * allowed. A client that passes here sends exactly the documented shape.
 */
import type { ContactAttribute, JsonValue } from './types';

export interface ImportProfile {
  name: string;
  email: string;
  prefix: string;
  number: string;
  tags: string[];
  attributes: ContactAttribute[];
}

export type ValidationResult = { ok: true; profiles: ImportProfile[] } | { ok: false; errors: string[] };

const PREFIX_PATTERN = /^\d{1,3}$/;
const NUMBER_PATTERN = /^\d{4,14}$/;
// Deliberately loose: one '@', something on each side, a dot in the domain.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects messages for one profile, each prefixed with its array index. */
class ErrorList {
  readonly messages: string[] = [];
  constructor(private readonly index: number) {}
  /** An empty path means the item itself. */
  add(path: string, problem: string): void {
    this.messages.push(path === '' ? `[${this.index}] ${problem}` : `[${this.index}] ${path} ${problem}`);
  }
}

function childPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * Checks that `value` is an object with exactly `allowed` keys; returns it, or null after
 * reporting. Undefined returns null silently: the parent has already reported the key missing.
 */
function expectObject(
  value: JsonValue | undefined,
  path: string,
  allowed: readonly string[],
  errors: ErrorList,
): JsonObject | null {
  if (value === undefined) return null;
  if (!isObject(value)) {
    errors.add(path, 'must be an object');
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) errors.add(childPath(path, key), 'is not allowed');
  }
  for (const key of allowed) {
    if (value[key] === undefined) errors.add(childPath(path, key), 'is required');
  }
  return value;
}

function expectString(value: JsonValue | undefined, path: string, errors: ErrorList): string | null {
  if (value === undefined) return null; // already reported as missing by expectObject
  if (typeof value !== 'string') {
    errors.add(path, 'must be a string');
    return null;
  }
  return value;
}

function validateTags(value: JsonValue | undefined, path: string, errors: ErrorList): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.add(path, 'must be an array of strings');
    return [];
  }
  const tags: string[] = [];
  value.forEach((tag, i) => {
    if (typeof tag !== 'string' || tag.trim() === '')
      errors.add(`${path}[${i}]`, 'must be a non-empty string');
    else tags.push(tag);
  });
  return tags;
}

function validateAttributes(
  value: JsonValue | undefined,
  path: string,
  errors: ErrorList,
): ContactAttribute[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.add(path, 'must be an array of {key, value} objects');
    return [];
  }
  const attributes: ContactAttribute[] = [];
  value.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    const attribute = expectObject(item, itemPath, ['key', 'value'], errors);
    if (!attribute) return;
    const key = expectString(attribute['key'], `${itemPath}.key`, errors);
    const attributeValue = expectString(attribute['value'], `${itemPath}.value`, errors);
    if (key !== null && key.trim() === '') errors.add(`${itemPath}.key`, 'must not be empty');
    if (key !== null && attributeValue !== null) attributes.push({ key, value: attributeValue });
  });
  return attributes;
}

function validateProfile(
  item: JsonValue,
  index: number,
): { profile: ImportProfile | null; errors: string[] } {
  const errors = new ErrorList(index);
  const root = expectObject(item, '', ['profile'], errors);
  const profile = root && expectObject(root['profile'], 'profile', ['userDetails'], errors);
  const details =
    profile &&
    expectObject(
      profile['userDetails'],
      'profile.userDetails',
      ['userProvidedName', 'contact', 'tags', 'attributes'],
      errors,
    );
  if (!details) return { profile: null, errors: errors.messages };

  const name = expectString(details['userProvidedName'], 'profile.userDetails.userProvidedName', errors);
  const tags = validateTags(details['tags'], 'profile.userDetails.tags', errors);
  const attributes = validateAttributes(details['attributes'], 'profile.userDetails.attributes', errors);

  const contactPath = 'profile.userDetails.contact';
  const contact =
    details['contact'] === undefined
      ? null
      : expectObject(details['contact'], contactPath, ['email', 'phone'], errors);
  const email = contact ? expectString(contact['email'], `${contactPath}.email`, errors) : null;
  if (email !== null && email !== '' && !EMAIL_PATTERN.test(email)) {
    errors.add(`${contactPath}.email`, 'must be a valid email address or empty');
  }
  const phonePath = `${contactPath}.phone`;
  const phone =
    contact && contact['phone'] !== undefined
      ? expectObject(contact['phone'], phonePath, ['number', 'prefix'], errors)
      : null;
  const prefix = phone ? expectString(phone['prefix'], `${phonePath}.prefix`, errors) : null;
  const number = phone ? expectString(phone['number'], `${phonePath}.number`, errors) : null;
  if (prefix !== null && !PREFIX_PATTERN.test(prefix)) {
    errors.add(`${phonePath}.prefix`, "must be 1 to 3 digits without '+'");
  }
  if (number !== null) {
    if (!/^\d+$/.test(number)) errors.add(`${phonePath}.number`, 'must be digits');
    else if (!NUMBER_PATTERN.test(number)) errors.add(`${phonePath}.number`, 'must be 4 to 14 digits long');
  }

  if (errors.messages.length > 0 || name === null || email === null || prefix === null || number === null) {
    return { profile: null, errors: errors.messages };
  }
  return { profile: { name, email, prefix, number, tags, attributes }, errors: [] };
}

/** Validates a parsed import body; the caller has already checked it is a non-empty array. */
export function validateImportBody(items: JsonValue[]): ValidationResult {
  const profiles: ImportProfile[] = [];
  const errors: string[] = [];
  items.forEach((item, index) => {
    const result = validateProfile(item, index);
    if (result.profile) profiles.push(result.profile);
    errors.push(...result.errors);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, profiles };
}

/** prefix+number of every well-formed-enough item, for fault matching and invalidPhones. */
export function phonesInBody(body: JsonValue): Array<{ index: number; phone: string }> {
  if (!Array.isArray(body)) return [];
  const phones: Array<{ index: number; phone: string }> = [];
  body.forEach((item, index) => {
    const profile = isObject(item) ? item['profile'] : undefined;
    const details = isObject(profile) ? profile['userDetails'] : undefined;
    const contact = isObject(details) ? details['contact'] : undefined;
    const phone = isObject(contact) ? contact['phone'] : undefined;
    if (!isObject(phone)) return;
    const prefix = phone['prefix'];
    const number = phone['number'];
    if (typeof prefix === 'string' && typeof number === 'string')
      phones.push({ index, phone: prefix + number });
  });
  return phones;
}
