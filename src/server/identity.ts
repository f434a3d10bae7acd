/**
 * Who is running. Users are told apart by a random key kept in their own user properties: it
 * needs no scope, is never blank and never changes. Their email is only for showing collaborators
 * whose trigger runs: Session's getEffectiveUser() needs the userinfo.email scope (Session
 * reference, "Authorization") and getEmail() "returns a blank string" where security policies
 * hide the identity; getTemporaryActiveUserKey() rotates every 30 days, so it cannot name an owner.
 */

const USER_KEY = 'bp.user.key';
/** This execution's user's key, once read. Cleared at the start of every execution (main.ts
 * `entry`): a later execution may reuse this module's state and run as another user. */
let keyThisExecution: string | null = null;

export function forgetUserKey(): void {
  keyThisExecution = null;
}

/** This user's key; created on first use. */
export function myKey(): string {
  if (keyThisExecution) return keyThisExecution;
  const store = PropertiesService.getUserProperties();
  let key = store.getProperty(USER_KEY);
  if (!key) {
    key = Utilities.getUuid().replace(/-/g, '').slice(0, 12);
    store.setProperty(USER_KEY, key);
  }
  keyThisExecution = key;
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
