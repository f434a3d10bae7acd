/**
 * Who is running. Users are told apart by a random key kept in their own user properties: it
 * needs no scope, is never blank and never changes. Their email is only for showing collaborators
 * whose trigger runs: Session's getEffectiveUser() needs the userinfo.email scope (Session
 * reference, "Authorization") and getEmail() "returns a blank string" where security policies
 * hide the identity; getTemporaryActiveUserKey() rotates every 30 days, so it cannot name an owner.
 */

import { setUserProperty, userProperty } from './this-execution';

const USER_KEY = 'bp.user.key';

/** This user's key; created on first use. Read through this execution's copy of the user's
 * properties (this-execution.ts), which no other execution or user ever sees. */
export function myKey(): string {
  let key = userProperty(USER_KEY);
  if (!key) {
    key = Utilities.getUuid().replace(/-/g, '').slice(0, 12);
    setUserProperty(USER_KEY, key);
  }
  return key;
}

/** This user's email, or '' when Google hides it or the user did not grant the email scope. */
export function myEmail(): string {
  try {
    return Session.getEffectiveUser().getEmail() || '';
  } catch {
    return '';
  }
}
