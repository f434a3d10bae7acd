/**
 * The mock's removal side: `PUT /inbox/users/status-update` (BotPenguin's "Delete WhatsApp
 * Contact" call, a soft delete) and the body check it needs. server.ts owns the store; this file
 * holds the rules, each one in one place (see README "Removal").
 */
import type { JsonValue } from './types';

export const STATUS_UPDATE_PATH = '/inbox/users/status-update';

/**
 * How many ids one status-update may carry. BotPenguin's docs show `ids` as an array holding one
 * id and say nothing of more: the mock takes the stricter reading by default (1), so a client that
 * batches ids fails here first. `configure({ statusUpdateMaxIds: null })` lifts the limit.
 */
export const DEFAULT_STATUS_UPDATE_MAX_IDS = 1;

/** The documented status value; the mock accepts no other. */
const DELETED_STATUS = 'DELETED';

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** Every problem with a status-update body, one message each; `ok` when it is usable. */
export function validateStatusUpdateBody(
  body: JsonValue,
  maxIds: number | null,
): { ok: true; ids: string[] } | { ok: false; errors: string[] } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, errors: ['body must be a JSON object {ids, status}'] };
  }
  const { ids, status } = body as Record<string, unknown>;
  const errors: string[] = [];
  if (!Array.isArray(ids) || ids.length === 0) errors.push('ids must be a non-empty array of user ids');
  else {
    ids.forEach((id, index) => {
      if (typeof id !== 'string' || !OBJECT_ID.test(id))
        errors.push(`ids[${index}] must be a 24-hex user id`);
    });
    if (new Set(ids).size !== ids.length) errors.push('ids must not repeat an id');
    if (maxIds !== null && ids.length > maxIds) errors.push(`ids may hold at most ${maxIds} id`);
  }
  if (status !== DELETED_STATUS) errors.push(`status must be "${DELETED_STATUS}"`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ids: ids as string[] };
}

/** What BotPenguin documents as the answer to a status update. */
export const STATUS_UPDATE_SUCCESS_BODY = { success: true, message: '', code: 200 } as const;

/** An id the account has no live contact for (never created, or removed already): not documented. */
export const UNKNOWN_USER_RESPONSE = {
  status: 404,
  body: { success: false, message: 'User not found', code: 404 },
} as const;
