/** "Test connection": one cheap authenticated GET with a plain answer. */

import { leftQueuedByStop } from '../core/messages';
import { classify } from '../core/responses';
import type { ConnectionResult } from '../shared/contracts';
import { t } from '../shared/i18n';
import { CONNECTION_TEST_PATH } from './config';
import { getWithToken } from './http';
import { opensCustomerList } from './partner';
import { getApiHost, getToken } from './settings';

export function testConnection(): ConnectionResult {
  const token = getToken();
  const host = getApiHost();
  if (!token) {
    return {
      ok: false,
      kind: 'no-token',
      message: t('connection.noToken'),
    };
  }
  const result = getWithToken(host, CONNECTION_TEST_PATH, token);
  const verdict = classify(result, Date.now());
  switch (verdict.kind) {
    case 'ok':
      return {
        ok: true,
        kind: 'connected',
        message: t('connection.connected', { host, last4: token.slice(-4) }),
      };
    case 'auth':
      // An agency that pasted its partner key as the token: offer partner mode instead.
      if (opensCustomerList(token))
        return { ok: false, kind: 'token-rejected', message: t('partner.tokenIsKey') };
      return {
        ok: false,
        kind: 'token-rejected',
        message: t('connection.rejected', { last4: token.slice(-4), reason: verdict.message }),
      };
    default:
      if (result.kind === 'network-error') {
        return {
          ok: false,
          kind: 'unreachable',
          message: t('connection.unreachable', { host, reason: result.message }),
        };
      }
      if (result.kind === 'refused-by-apps-script') {
        return {
          ok: false,
          kind: 'unreachable',
          message: t(result.reason === 'quota' ? 'connection.refusedQuota' : 'connection.refused', {
            reason: leftQueuedByStop(result.reason),
          }),
        };
      }
      return {
        ok: false,
        kind: 'unexpected',
        message: t('connection.unexpected', {
          host,
          status: result.status,
          reason: 'message' in verdict ? verdict.message : t('connection.noMessage'),
        }),
      };
  }
}
