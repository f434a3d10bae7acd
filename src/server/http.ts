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

/**
 * The one way the add-on fetches: every request goes through here, in one fetchAll, and is
 * counted on the quota meter once it may have reached the network (a response, or a network
 * failure: Google counts both); an Apps Script refusal sent nothing and is not counted. Results in
 * the same order. No retries here: the caller decides with core/responses.
 */
function fetchCounted(fetches: GoogleAppsScript.URL_Fetch.URLFetchRequest[]): TransportResult[] {
  if (fetches.length === 0) return [];
  try {
    const responses = UrlFetchApp.fetchAll(fetches);
    noteFetchRequests(fetches.length);
    return responses.map(toResult);
  } catch (error) {
    // fetchAll throws for the whole call when any request fails, without saying which: a network
    // failure retries them all (imports are upserts, a lookup repeats harmlessly, removing a
    // removed contact finds it gone); an Apps Script refusal stops the run with all still unsent.
    const failure = fetchFailure(error);
    if (failure.kind === 'network-error') noteFetchRequests(fetches.length);
    return fetches.map(() => failure);
  }
}

function jsonRequest(
  url: string,
  method: 'post' | 'put',
  token: string,
  payload: string,
): GoogleAppsScript.URL_Fetch.URLFetchRequest {
  return {
    url,
    method,
    contentType: 'application/json',
    headers: authHeaders(token),
    payload,
    muteHttpExceptions: true,
    followRedirects: false,
  };
}

export function createImportTransport(apiHost: string, token: string): Transport {
  const url = apiHost + IMPORT_PATH;
  return {
    sendAll: (requests: OutboundRequest[]) =>
      fetchCounted(requests.map((r) => jsonRequest(url, 'post', token, r.body))),
    sleep(ms: number) {
      Utilities.sleep(ms);
    },
    now: () => Date.now(),
  };
}

export function getWithToken(apiHost: string, path: string, token: string): TransportResult {
  const [result] = fetchCounted([
    {
      url: apiHost + path,
      method: 'get',
      headers: authHeaders(token),
      muteHttpExceptions: true,
      followRedirects: false,
    },
  ]);
  return result;
}

/** One JSON call of many sent at once (the removal's lookups and status updates). */
export interface JsonCall {
  path: string;
  method: 'post' | 'put';
  body: unknown;
}

/** Sends the calls in parallel in one fetchAll; results in the same order. */
export function fetchAllJsonWithToken(apiHost: string, token: string, calls: JsonCall[]): TransportResult[] {
  return fetchCounted(
    calls.map((call) => jsonRequest(apiHost + call.path, call.method, token, JSON.stringify(call.body))),
  );
}

/** One JSON POST (the export's pages). */
export function postJsonWithToken(
  apiHost: string,
  path: string,
  token: string,
  body: unknown,
): TransportResult {
  return fetchAllJsonWithToken(apiHost, token, [{ path, method: 'post', body }])[0];
}
