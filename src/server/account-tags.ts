/**
 * The BotPenguin account's tag names for the sidebar's tag fields: one GET /inbox/tags, kept in
 * the user's cache for a few minutes (per host and token) so opening the sidebar costs no request.
 */
import * as say from '../core/messages';
import { classify } from '../core/responses';
import type { AccountTags } from '../shared/contracts';
import { t } from '../shared/i18n';
import { cleanTags } from '../shared/text';
import { TAGS_PATH } from './config';
import { UserError } from './errors';
import { getWithToken } from './http';
import { accountForSheet, type RunAccount } from './partner';
import { formatTime } from './sheet-context';

const CACHE_SECONDS = 5 * 60;

/** `data` holds tag objects with a `tag` name (docs/botpenguin-api.md); anything else is skipped. */
function tagNames(body: string): string[] | null {
  try {
    const data = (JSON.parse(body) as { data?: unknown }).data;
    if (!Array.isArray(data)) return null;
    const names = data.map((item) =>
      item && typeof item === 'object' && typeof (item as { tag?: unknown }).tag === 'string'
        ? (item as { tag: string }).tag
        : '',
    );
    return cleanTags(names).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  } catch {
    return null;
  }
}

export function accountTags(refresh: boolean): AccountTags {
  // The account of the active sheet: in partner mode its customer's.
  let account: RunAccount;
  try {
    account = accountForSheet(SpreadsheetApp.getActiveSpreadsheet().getActiveSheet().getSheetId());
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const message = error.message === say.noToken() ? say.tagsNeedToken() : error.message;
    return { ok: false, tags: [], fetchedAt: null, message };
  }
  const { host, token } = account;
  const cache = CacheService.getUserCache();
  const key = `bp.tags.${host}.${account.customer ? account.customer.id : token.slice(-4)}`;
  if (!refresh) {
    const cached = cache?.get(key);
    if (cached) {
      try {
        return JSON.parse(cached) as AccountTags;
      } catch {
        // A cache entry from another version: ask BotPenguin again.
      }
    }
  }
  const result = getWithToken(host, TAGS_PATH, token);
  const verdict = classify(result, Date.now());
  const names = verdict.kind === 'ok' && result.kind === 'response' ? tagNames(result.body) : null;
  if (names === null) {
    const detail =
      verdict.kind === 'ok'
        ? t('tags.noList')
        : 'message' in verdict
          ? verdict.message
          : verdict.reason.message;
    return { ok: false, tags: [], fetchedAt: null, message: say.tagsNotLoaded(verdict.kind, detail) };
  }
  const answer: AccountTags = { ok: true, tags: names, fetchedAt: formatTime(new Date()), message: '' };
  const text = JSON.stringify(answer);
  // CacheService keeps values up to 100 KB; an account with more tags is asked every time.
  if (text.length < 90_000) cache?.put(key, text, CACHE_SECONDS);
  return answer;
}
