/**
 * Public types of the BotPenguin mock. Everything here crosses a process boundary (IPC, JSON), so
 * it stays plain data: no Dates, no functions, no class instances.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Which requests a fault applies to. Every given condition must hold; `{}` matches every request
 * to the API (the `/__mock/*` endpoints are never faulted).
 */
export interface FaultMatch {
  /** Exact request path without the query string, e.g. "/inbox/users/import". */
  path?: string;
  /** HTTP method, e.g. "POST". Case-insensitive. */
  method?: string;
  /**
   * 1-based position of the request among all requests to `path` (or among all API requests
   * when `path` is not given), counted since start or the last reset, faulted ones included.
   */
  nth?: number | number[];
  /** The import batch contains this phone, as prefix+number digits ("919876543210"). */
  phone?: string;
}

/** What a matching request gets instead of normal handling. */
export type FaultEffect =
  /**
   * JSON error envelope `{"success":false,"message","code"}` with this status. Defaults: 401 →
   * "jwt malformed", 429 → `Retry-After: 1`; `retryAfterSeconds` sets the header on any status.
   */
  | { kind: 'status'; status: number; message?: string; retryAfterSeconds?: number }
  /** An HTML error page, as a reverse proxy sends (default `<h1>502 Bad Gateway</h1>` style). */
  | { kind: 'html'; status: number; html?: string }
  /** HTTP 200 whose JSON body says the call failed: `{"success":false,"message"}`. */
  | { kind: 'failure200'; message?: string }
  /** HTTP 200 with a body that is not JSON (default an HTML page), as a captive portal might. */
  | { kind: 'nonJson200'; body?: string; contentType?: string }
  /** Wait `ms`, then handle the request normally. Longer than the client's timeout = a timeout. */
  | { kind: 'delay'; ms: number }
  /** Destroy the socket without sending any response. */
  | { kind: 'drop' }
  /** Anything else: exact status, headers and body text. */
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> };

export interface Fault {
  /** Omitted = every API request. */
  match?: FaultMatch;
  effect: FaultEffect;
  /** How many matching requests the fault applies to before it expires; omitted = unlimited. */
  times?: number;
  /** Extra wait before the effect (e.g. slow then 503). */
  delayMs?: number;
}

export interface MockOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Accepted API tokens. Default ['test-token-0001']. */
  tokens?: string[];
  /** An import array longer than this gets 413. Default: no limit (BotPenguin's is not documented). */
  maxBatch?: number;
  /** A body larger than this many bytes gets 413. Default: no limit. */
  maxBodyBytes?: number;
  /** Delay before every API response, in ms. Default 0. */
  latencyMs?: number;
}

/** A partial update; only the given keys change. `null` clears a limit. */
export interface MockConfigPatch {
  tokens?: string[];
  maxBatch?: number | null;
  maxBodyBytes?: number | null;
  latencyMs?: number;
  /** Replaces the active fault list (times-counters restart). */
  faults?: Fault[];
  /** prefix+number digit strings that the import rejects with 400 Validation failed. */
  invalidPhones?: string[];
  /** Contacts per page of `POST /inbox/users`. Default 100. Kept across reset. */
  pageSize?: number;
  /** Tag names the account has before any import (default ['VIP', 'Newsletter']). Kept across reset. */
  seedTags?: string[];
  /**
   * BotPenguin down: `refused` stops listening (connections are refused, open ones are cut) until
   * set back to null, when the mock listens on the same port again; `hanging` accepts API requests
   * and never answers them (the client's timeout ends them). The `/__mock/*` reads stay up while
   * hanging. Kept across reset.
   */
  down?: MockDownMode | null;
  /** The mock as a partner (mock-api/partner.ts): keys and customers; `null` removes them. Kept across reset. */
  partner?: PartnerSetup | null;
  /** Ids one `PUT /inbox/users/status-update` may carry (default 1, the stricter reading); null = any. */
  statusUpdateMaxIds?: number | null;
}

/** A partner's keys and customers; customers are merged by `_id` (a change keeps their contacts). */
export interface PartnerSetup {
  keys?: string[];
  customers?: PartnerCustomerSetup[];
  /** Customers per page of `GET /customer/list`. Default 10. */
  pageSize?: number;
}

export interface PartnerCustomerSetup {
  /** 24 hex characters. */
  _id: string;
  name?: string;
  email?: string;
  /** The customer's own API token; required for a new customer. */
  token?: string;
  /** false = revoked: the import refuses it and get-user-token returns it with `active: false`. */
  tokenActive?: boolean;
  /** Removed from the partner's list: not listed, get-user-token answers 404, its token stops working. */
  deleted?: boolean;
  /** After this many accepted imports the customer's token is replaced by a new one. */
  rotateAfterImports?: number | null;
}

export type MockDownMode = 'refused' | 'hanging';

/** A contact put straight into the store (as if created in BotPenguin), for list/export tests. */
export interface SeedContact {
  prefix: string;
  number: string;
  name?: string;
  email?: string;
  tags?: string[];
  attributes?: ContactAttribute[];
  /** ISO timestamp; default now. */
  createdAt?: string;
}

/**
 * Either explicit contacts, or `count` generated ones (see mock-api/README.md for their shape).
 * Seeded contacts upsert like imports (same prefix+number = same contact) but do not count as one.
 */
export type SeedContactsSpec =
  /**
   * `separate`: created in BotPenguin outside the import (a WhatsApp chat): never merged with a
   * contact of the same number, so one number can have two contacts.
   */
  | { contacts: SeedContact[]; separate?: boolean }
  | { count: number; start?: number; tagEvery?: number; attributeEvery?: number; createdAt?: string };

/** How a recorded request ended. */
export type RequestOutcome =
  /** A response was sent. */
  | 'answered'
  /** The mock destroyed the socket on purpose (a `drop` fault). */
  | 'dropped'
  /** The client closed the connection before the answer (e.g. its timeout fired). */
  | 'aborted'
  /** Still being handled (e.g. inside a delay). */
  | 'pending';

export interface RecordedRequest {
  /** 1-based arrival order since start or the last reset. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** The query string including '?', or '' when none. */
  query: string;
  /** Lower-cased header names, as Node reports them. */
  headers: Record<string, string>;
  /** Parsed JSON when the body parses, else the raw text; null when empty. */
  body: JsonValue;
  bodyBytes: number;
  /** Status sent (or that would have been sent); null when none was decided (dropped, pending). */
  status: number | null;
  outcome: RequestOutcome;
  /** Length of the import array, when the body is an array. */
  profiles?: number;
  /** Kind of the fault applied, if one was. */
  fault?: FaultEffect['kind'];
  /** ISO timestamp of arrival. */
  receivedAt: string;
  /** ISO timestamp of the answer (or drop / abort). */
  finishedAt?: string;
}

export interface ContactAttribute {
  key: string;
  value: string;
}

export interface StoredContact {
  /** 24 hex characters, like a MongoDB ObjectId; what `POST /inbox/users` returns as `_id`. */
  _id: string;
  prefix: string;
  number: string;
  name: string;
  email: string;
  tags: string[];
  attributes: ContactAttribute[];
  /** How many successful imports carried this contact. */
  importCount: number;
  /** true once an import carried it; false for seeded contacts. */
  isImported: boolean;
  createdAt: string;
  updatedAt: string;
  /** ISO timestamp of the soft delete; only on contacts `removedContacts()` returns. */
  deletedAt?: string;
}

/** The running mock, as the test sees it. All calls go to the mock's own process. */
export interface MockBotPenguin {
  /** e.g. 'http://127.0.0.1:41234' (no trailing slash). */
  url: string;
  port: number;
  /** Process id of the mock's own process (for diagnostics; stop() ends it). */
  pid: number;
  configure(patch: MockConfigPatch): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  contacts(): Promise<StoredContact[]>;
  /** A partner customer's own contacts (what an import with that customer's token stored). */
  customerContacts(customerId: string): Promise<StoredContact[]>;
  /** Contacts soft-deleted by `PUT /inbox/users/status-update`, in order of removal. */
  removedContacts(): Promise<StoredContact[]>;
  /** Adds contacts to the store; resolves with how many contacts the store holds now. */
  seedContacts(spec: SeedContactsSpec): Promise<number>;
  /** Clears requests, contacts, faults and invalidPhones; keeps tokens and limits. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}
