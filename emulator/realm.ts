/**
 * Values crossing into the bundle must be built from the vm context's own constructors, or
 * `x instanceof Date` / `x instanceof Array` inside the bundle would be false.
 */
import vm from 'node:vm';

export interface Realm {
  readonly context: vm.Context;
  readonly ArrayCtor: ArrayConstructor;
  readonly DateCtor: DateConstructor;
  readonly ObjectCtor: ObjectConstructor;
  readonly ErrorCtor: ErrorConstructor;
}

export function createRealm(context: vm.Context): Realm {
  const ctors = vm.runInContext('({ Array, Date, Object, Error })', context) as {
    Array: ArrayConstructor;
    Date: DateConstructor;
    Object: ObjectConstructor;
    Error: ErrorConstructor;
  };
  return {
    context,
    ArrayCtor: ctors.Array,
    DateCtor: ctors.Date,
    ObjectCtor: ctors.Object,
    ErrorCtor: ctors.Error,
  };
}

/** True for Dates from any realm. */
export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** True for objects whose prototype is some realm's Object.prototype or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null) return true;
  const protoOfProto: unknown = Object.getPrototypeOf(proto);
  return protoOfProto === null && Object.hasOwn(proto as object, 'hasOwnProperty');
}

/** Deep copy into the realm: arrays, plain objects and Dates are rebuilt; other values pass. */
export function toRealm(realm: Realm, value: unknown): unknown {
  if (Array.isArray(value)) {
    const out = new realm.ArrayCtor<unknown>();
    for (const item of value) out.push(toRealm(realm, item));
    return out;
  }
  if (isDate(value)) return new realm.DateCtor(value.getTime());
  if (isPlainObject(value)) {
    const out = new realm.ObjectCtor() as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) out[key] = toRealm(realm, item);
    return out;
  }
  return value;
}

/** Builds an error in the bundle's realm the way Apps Script reports service failures. */
export function realmException(realm: Realm, message: string): Error {
  const error = new realm.ErrorCtor(message);
  error.name = 'Exception';
  return error;
}
