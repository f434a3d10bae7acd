/** "Test connection": one cheap authenticated GET with a plain answer. */
import { leftQueuedByStop } from '../core/messages';
import { classify } from '../core/responses';
import { BRAND } from '../shared/brand';
import type { ConnectionResult } from '../shared/contracts';
import { TOKEN_SOURCE } from '../shared/text';
import { CONNECTION_TEST_PATH } from './config';
import { getWithToken } from './http';
import { getApiHost, getToken } from './settings';

export function testConnection(): ConnectionResult {
  const token = getToken();
  const host = getApiHost();
  if (!token) {
    return {
      ok: false,
      kind: 'no-token',
      message: `No API token is saved yet. Paste your token from ${TOKEN_SOURCE} and save it.`,
    };
  }
  const result = getWithToken(host, CONNECTION_TEST_PATH, token);
  const verdict = classify(result, Date.now());
  switch (verdict.kind) {
    case 'ok':
      return {
        ok: true,
        kind: 'connected',
        message: `Connected to ${BRAND.serviceName} at ${host} with the token ending in ${token.slice(-4)}.`,
      };
    case 'auth':
      return {
        ok: false,
        kind: 'token-rejected',
        message: `${BRAND.serviceName} did not accept the token ending in ${token.slice(-4)} (it answered: "${verdict.message}"). Copy a fresh token from ${TOKEN_SOURCE}, paste it above and save it.`,
      };
    default:
      if (result.kind === 'network-error') {
        return {
          ok: false,
          kind: 'unreachable',
          message: `Could not reach ${host} (${result.message}). Check the API host, or try again in a minute.`,
        };
      }
      if (result.kind === 'refused-by-apps-script') {
        return {
          ok: false,
          kind: 'unreachable',
          message: `Apps Script did not let the add-on connect: ${leftQueuedByStop(result.reason)}. ${result.reason === 'quota' ? 'Google resets it at midnight Pacific time.' : 'Reopen the add-on and allow it to connect to an external service, or pick an allowed API host.'}`,
        };
      }
      return {
        ok: false,
        kind: 'unexpected',
        message: `${BRAND.serviceName} at ${host} gave an unexpected answer (${result.status}: ${'message' in verdict ? verdict.message : 'no message'}). Check that the API host is right for your account.`,
      };
  }
}
