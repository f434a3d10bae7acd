/** UrlFetchApp adapter: the Transport the sending engine uses, and the connection test's GET. */
import { readFetchException, type TransportResult } from '../core/responses';
import type { OutboundRequest, Transport } from '../core/sender';
import { vetFetchFailure } from '../core/vetting';
import { t } from '../shared/i18n';
import { IMPORT_PATH } from './config';
import { noteFetchRequests } from './fetch-meter';

function authHeaders(token: string): GoogleAppsScript.URL_Fetch.HttpHeaders {
  // BotPenguin's own integrations send both; without authtype the API answers "jwt malformed".
  return { Authorization: `Bearer ${token}`, authtype: 'Key', Accept: 'application/json' };
}

function toResult(response: GoogleAppsScript.URL_Fetch.HTTPResponse): TransportResult {
  const headers: Record<string, string> = {};
  const raw = response.getHeaders() as Record<string, unknown>;
  for (const key of Object.keys(raw)) headers[key] = String(raw[key]);
  return { kind: 'response', status: response.getResponseCode(), body: response.getContentText(), headers };
}

/**
 * What a thrown fetch means: Apps Script refusing (quota, permission, allowlist) or the network.
 * Its messages name the whole URL ("DNS error: https://…"); the host is said elsewhere.
 */
function fetchFailure(error: unknown): TransportResult {
  const message = error instanceof Error ? error.message : String(error);
  const result = readFetchException(message);
  if (result.kind === 'network-error') {
    // Only Apps Script's own words become the reason; anything else is an unexpected answer.
    const vetted = vetFetchFailure(message);
    return {
      kind: 'network-error',
      message:
        vetted.kind === 'recognised'
          ? vetted.text
          : t('error.unexpectedAnswer', { source: 'Apps Script', excerpt: vetted.excerpt }),
    };
  }
  return result;
}

export function createImportTransport(apiHost: string, token: string): Transport {
  const url = apiHost + IMPORT_PATH;
  return {
    sendAll(requests: OutboundRequest[]): TransportResult[] {
      const fetches = requests.map(
        (r): GoogleAppsScript.URL_Fetch.URLFetchRequest => ({
          url,
          method: 'post',
          contentType: 'application/json',
          headers: authHeaders(token),
          payload: r.body,
          muteHttpExceptions: true,
          followRedirects: false,
        }),
      );
      try {
        const responses = UrlFetchApp.fetchAll(fetches);
        noteFetchRequests(fetches.length);
        return responses.map(toResult);
      } catch (error) {
        // fetchAll throws for the whole call when any request fails, without saying which: a
        // network failure retries them all (the import is an upsert, so a repeat cannot
        // duplicate); an Apps Script refusal stops the run with every batch still unsent.
        const failure = fetchFailure(error);
        // Requests that reached the network count against the quota; a refusal sent nothing.
        if (failure.kind === 'network-error') noteFetchRequests(fetches.length);
        return requests.map(() => failure);
      }
    },
    sleep(ms: number) {
      Utilities.sleep(ms);
    },
    now: () => Date.now(),
  };
}

export function getWithToken(apiHost: string, path: string, token: string): TransportResult {
  try {
    const response = UrlFetchApp.fetch(apiHost + path, {
      method: 'get',
      headers: authHeaders(token),
      muteHttpExceptions: true,
      followRedirects: false,
    });
    noteFetchRequests(1);
    return toResult(response);
  } catch (error) {
    const failure = fetchFailure(error);
    if (failure.kind === 'network-error') noteFetchRequests(1);
    return failure;
  }
}

/** One JSON call of many sent at once (the removal's lookups and status updates). */
export interface JsonCall {
  path: string;
  method: 'post' | 'put';
  body: unknown;
}

/**
 * Sends the calls in parallel in one fetchAll and counts them on the quota meter; results in the
 * same order. No retries here: the caller decides with core/responses.
 */
export function fetchAllJsonWithToken(apiHost: string, token: string, calls: JsonCall[]): TransportResult[] {
  if (calls.length === 0) return [];
  const fetches = calls.map(
    (call): GoogleAppsScript.URL_Fetch.URLFetchRequest => ({
      url: apiHost + call.path,
      method: call.method,
      contentType: 'application/json',
      headers: authHeaders(token),
      payload: JSON.stringify(call.body),
      muteHttpExceptions: true,
      followRedirects: false,
    }),
  );
  try {
    const responses = UrlFetchApp.fetchAll(fetches);
    noteFetchRequests(fetches.length);
    return responses.map(toResult);
  } catch (error) {
    // As for imports: a network failure may have reached BotPenguin (counted, retried: a lookup
    // repeats harmlessly, and removing a removed contact finds it gone); a refusal sent nothing.
    const failure = fetchFailure(error);
    if (failure.kind === 'network-error') noteFetchRequests(fetches.length);
    return calls.map(() => failure);
  }
}

/** One JSON POST (no retries here: the caller decides with core/responses). */
export function postJsonWithToken(
  apiHost: string,
  path: string,
  token: string,
  body: unknown,
): TransportResult {
  try {
    return toResult(
      UrlFetchApp.fetch(apiHost + path, {
        method: 'post',
        contentType: 'application/json',
        headers: authHeaders(token),
        payload: JSON.stringify(body),
        muteHttpExceptions: true,
        followRedirects: false,
      }),
    );
  } catch (error) {
    return fetchFailure(error);
  }
}
