/** Shared request builders for the mock-api tests. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type MockBotPenguin, startMockBotPenguin } from '../../mock-api/index';

const TOKEN = 'test-token-0001';

export interface ProfileInput {
  name?: string;
  email?: string;
  prefix?: string;
  number?: string;
  tags?: string[];
  attributes?: Array<{ key: string; value: string }>;
}

/** One import item in the documented shape. */
export function profile(input: ProfileInput = {}): unknown {
  return {
    profile: {
      userDetails: {
        userProvidedName: input.name ?? 'Asha Rao',
        contact: {
          email: input.email ?? 'asha@example.com',
          phone: { number: input.number ?? '9876543210', prefix: input.prefix ?? '91' },
        },
        tags: input.tags ?? [],
        attributes: input.attributes ?? [],
      },
    },
  };
}

export interface SendOptions {
  /** Full Authorization header; null leaves it out. Default `Bearer test-token-0001`. */
  authorization?: string | null;
  /** null leaves the header out. Default 'Key'. */
  authtype?: string | null;
  /** null leaves the header out. Default 'application/json'. */
  contentType?: string | null;
  method?: string;
  /** Sent as is when a string, else JSON-encoded. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface SentResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON. */
  json: unknown;
}

export async function send(
  mock: MockBotPenguin,
  path: string,
  options: SendOptions = {},
): Promise<SentResponse> {
  const headers: Record<string, string> = {};
  const authorization = options.authorization === undefined ? `Bearer ${TOKEN}` : options.authorization;
  const authtype = options.authtype === undefined ? 'Key' : options.authtype;
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (authorization !== null) headers['authorization'] = authorization;
  if (authtype !== null) headers['authtype'] = authtype;
  if (contentType !== null) headers['content-type'] = contentType;
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const response = await fetch(mock.url + path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    signal: options.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function importContacts(
  mock: MockBotPenguin,
  items: unknown[],
  options: SendOptions = {},
): Promise<SentResponse> {
  return send(mock, '/inbox/users/import', { ...options, body: items });
}

export const IMPORT_OK = { status: 'success', message: 'User profiles imported successfully.' };

/** One mock per test file, reset before each test; `use` receives it once it is up. */
export function useMockPerFile(use: (mock: MockBotPenguin) => void): void {
  let started: MockBotPenguin | null = null;
  beforeAll(async () => {
    started = await startMockBotPenguin();
    use(started);
  });
  afterAll(async () => {
    await started?.stop();
  });
  beforeEach(async () => {
    await started?.reset();
  });
}
