/**
 * The mock BotPenguin HTTP server itself. It runs in whatever process constructs it: index.ts puts
 * it in a child process (the code under test blocks its own thread), cli.ts runs it in the
 * foreground.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultStatusMessage, FaultList, proxyErrorPage } from './faults';
import {
  DEFAULT_PAGE_SIZE,
  generatedContacts,
  listPage,
  USERS_PATH,
  validateListBody,
  validateTagBody,
} from './inbox';
import { type AccountStore, CUSTOMER_LIST_PATH, PartnerBook, USER_TOKEN_PATH } from './partner';
import {
  DEFAULT_STATUS_UPDATE_MAX_IDS,
  STATUS_UPDATE_PATH,
  STATUS_UPDATE_SUCCESS_BODY,
  UNKNOWN_USER_RESPONSE,
  validateStatusUpdateBody,
} from './removal';
import type {
  ContactAttribute,
  Fault,
  JsonValue,
  MockConfigPatch,
  MockDownMode,
  MockOptions,
  RecordedRequest,
  SeedContactsSpec,
  StoredContact,
} from './types';
import { type ImportProfile, phonesInBody, validateImportBody } from './validation';

export const DEFAULT_TOKENS: readonly string[] = ['test-token-0001'];

export const IMPORT_PATH = '/inbox/users/import';
export const SEGMENTS_PATH = '/inbox/segments';
export const TAGS_PATH = '/inbox/tags';

/** Missing `authtype: Key`, or no usable bearer token: BotPenguin then tries to read it as a JWT. */
export const JWT_MALFORMED_RESPONSE = { success: false, message: 'jwt malformed', code: 401 } as const;

/**
 * A well-formed but unknown token. BotPenguin's documented answer for a wrong token is a Mongo
 * ObjectId cast error with HTTP 400 (not 401). If the real server turns out to answer otherwise,
 * change it here only.
 */
export const UNKNOWN_TOKEN_RESPONSE = {
  status: 400,
  body: {
    success: false,
    message: 'Argument passed in must be a single String of 12 bytes or a string of 24 hex characters',
    code: 400,
  },
} as const;

export const IMPORT_SUCCESS_BODY = {
  status: 'success',
  message: 'User profiles imported successfully.',
} as const;

const SEED_TAGS = ['VIP', 'Newsletter'];
const SEED_SEGMENTS = ['All WhatsApp contacts', 'Newsletter subscribers'];
const CUSTOMER_ID = '64b7f0c2a1e4d3b2c1a09f8e';

interface Reply {
  status: number;
  /** Objects and arrays are sent as JSON; strings as they are with `contentType`. */
  body: JsonValue;
  contentType?: string;
  headers?: Record<string, string>;
}

interface TagRecord {
  _id: string;
  tag: string;
  status: 'ACTIVE';
  createdAt: string;
}

interface MockSettings {
  tokens: string[];
  maxBatch: number | null;
  maxBodyBytes: number | null;
  latencyMs: number;
  invalidPhones: Set<string>;
  pageSize: number;
  seedTags: string[];
  /** Ids one status-update may carry; null = any number. */
  statusUpdateMaxIds: number | null;
}

function envelope(status: number, message: string, data?: JsonValue): Reply {
  const body: { [key: string]: JsonValue } = { success: false, message, code: status };
  if (data !== undefined) body['data'] = data;
  return { status, body };
}

function validationFailed(errors: string[]): Reply {
  return envelope(400, 'Validation failed', errors);
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function parseBody(text: string): { parsed: true; value: JsonValue } | { parsed: false; error: string } {
  try {
    return { parsed: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { parsed: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export class MockBotPenguinServer {
  private readonly http: Server;
  private readonly settings: MockSettings;
  private readonly faults = new FaultList();
  private records: RecordedRequest[] = [];
  private readonly contactsByPhone = new Map<string, StoredContact>();
  /**
   * Contacts created in BotPenguin outside the import (a WhatsApp chat, the inbox): never merged
   * with an imported contact of the same number, so one number can have two contacts.
   */
  private separateContacts: StoredContact[] = [];
  /** Soft-deleted contacts (status-update DELETED): gone from listings, kept for inspection. */
  private deletedContacts: StoredContact[] = [];
  private readonly tagsByName = new Map<string, TagRecord>();
  /** The mock as a partner: customers with their own tokens and accounts (partner.ts). */
  private readonly partner = new PartnerBook();
  private readonly segments: Array<{ [key: string]: JsonValue }>;
  private requestsPerPath = new Map<string, number>();
  private objectIdCounter = 0;
  private down: MockDownMode | null = null;
  private port = 0;
  /** Requests held by `down: 'hanging'`, released (answered normally) when it is lifted. */
  private hanging: (() => void)[] = [];

  constructor(options: MockOptions = {}) {
    this.settings = {
      tokens: [...(options.tokens ?? DEFAULT_TOKENS)],
      maxBatch: options.maxBatch ?? null,
      maxBodyBytes: options.maxBodyBytes ?? null,
      latencyMs: options.latencyMs ?? 0,
      invalidPhones: new Set(),
      pageSize: DEFAULT_PAGE_SIZE,
      seedTags: [...SEED_TAGS],
      statusUpdateMaxIds: DEFAULT_STATUS_UPDATE_MAX_IDS,
    };
    const createdAt = new Date().toISOString();
    this.segments = SEED_SEGMENTS.map((segmentName) => ({
      _id: this.newObjectId(),
      _customer: CUSTOMER_ID,
      segmentName,
      description: '',
      status: 'ACTIVE',
      createdAt,
    }));
    this.seedTags();
    this.http = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        // A bug in the mock must show up as a 500 the test can see, not as a hang.
        if (!response.headersSent && !response.destroyed) {
          this.send(response, envelope(500, `Mock server error: ${String(error)}`));
        }
      });
    });
  }

  /** Starts listening on 127.0.0.1 only; resolves with the port actually bound. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        this.port = (this.http.address() as AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    this.releaseHanging();
    if (!this.http.listening) return Promise.resolve();
    return new Promise((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  /** Takes BotPenguin down (refused or hanging) or brings it back on the same port. */
  async setDown(mode: MockDownMode | null): Promise<void> {
    if (mode !== null && mode !== 'refused' && mode !== 'hanging')
      throw new Error(`Invalid down mode: ${mode}`);
    const wasRefused = this.down === 'refused';
    this.down = mode;
    if (mode !== 'hanging') this.releaseHanging();
    if (mode === 'refused' && !wasRefused) {
      await new Promise<void>((resolve) => {
        this.http.close(() => resolve());
        this.http.closeAllConnections();
      });
    } else if (mode !== 'refused' && wasRefused) await this.listen(this.port);
  }

  private releaseHanging(): void {
    const waiting = this.hanging;
    this.hanging = [];
    for (const release of waiting) release();
  }

  configure(patch: MockConfigPatch): void {
    if (patch.faults !== undefined) this.faults.replace(patch.faults);
    if (patch.tokens !== undefined) this.settings.tokens = [...patch.tokens];
    if (patch.maxBatch !== undefined) this.settings.maxBatch = patch.maxBatch;
    if (patch.maxBodyBytes !== undefined) this.settings.maxBodyBytes = patch.maxBodyBytes;
    if (patch.latencyMs !== undefined) this.settings.latencyMs = patch.latencyMs;
    if (patch.pageSize !== undefined) {
      if (!Number.isInteger(patch.pageSize) || patch.pageSize < 1)
        throw new Error('pageSize must be a whole number ≥ 1');
      this.settings.pageSize = patch.pageSize;
    }
    if (patch.seedTags !== undefined) {
      this.settings.seedTags = [...patch.seedTags];
      this.seedTags();
    }
    if (patch.partner !== undefined) {
      this.partner.configure(patch.partner);
      this.partner.seedNewAccounts((store) => this.seedTagsInto(store));
    }
    if (patch.statusUpdateMaxIds !== undefined) this.settings.statusUpdateMaxIds = patch.statusUpdateMaxIds;
    if (patch.invalidPhones !== undefined) {
      this.settings.invalidPhones = new Set(patch.invalidPhones.map((phone) => phone.replace(/\D/g, '')));
    }
  }

  requests(): RecordedRequest[] {
    return structuredClone(this.records);
  }

  contacts(): StoredContact[] {
    return structuredClone(this.liveContacts());
  }

  /** Contacts soft-deleted by status-update, oldest removal first. */
  removedContacts(): StoredContact[] {
    return structuredClone(this.deletedContacts);
  }

  private liveContacts(): StoredContact[] {
    return [...this.contactsByPhone.values(), ...this.separateContacts];
  }

  customerContacts(customerId: string): StoredContact[] {
    return this.partner.contactsOf(customerId);
  }

  /** Seeded contacts go through the same upsert as imports, without counting as an import. */
  seedContacts(spec: SeedContactsSpec): number {
    const now = new Date().toISOString();
    const contacts =
      'contacts' in spec
        ? spec.contacts.map((seed) => ({
            prefix: seed.prefix,
            number: seed.number,
            name: seed.name ?? '',
            email: seed.email ?? '',
            tags: seed.tags ?? [],
            attributes: seed.attributes ?? [],
            createdAt: seed.createdAt ?? now,
          }))
        : generatedContacts(spec);
    if ('contacts' in spec && spec.separate) {
      for (const contact of contacts) {
        for (const tag of contact.tags) this.addTag(tag);
        this.separateContacts.push({
          ...contact,
          tags: [...new Set(contact.tags)],
          _id: this.newObjectId(),
          importCount: 0,
          isImported: false,
          updatedAt: now,
        });
      }
    } else {
      for (const contact of contacts) this.upsert(contact, { imported: false, createdAt: contact.createdAt });
    }
    return this.liveContacts().length;
  }

  /** Clears what tests accumulate; tokens and limits stay as configured. */
  reset(): void {
    this.records = [];
    this.requestsPerPath = new Map();
    this.contactsByPhone.clear();
    this.separateContacts = [];
    this.deletedContacts = [];
    this.faults.clear();
    this.settings.invalidPhones = new Set();
    this.seedTags();
    this.partner.reset((store) => this.seedTagsInto(store));
  }

  private seedTags(): void {
    this.tagsByName.clear();
    for (const tag of this.settings.seedTags) this.addTag(tag);
  }

  private seedTagsInto(store: AccountStore): void {
    store.tagsByName.clear();
    for (const tag of this.settings.seedTags) this.addTag(tag, store);
  }

  /** The account the own (non-partner) tokens open. */
  private get mainStore(): AccountStore {
    return { contactsByPhone: this.contactsByPhone, tagsByName: this.tagsByName };
  }

  /** The account a request's token opens: a partner customer's own, else the main one. */
  private storeOf(request: IncomingMessage): AccountStore {
    const bearer = /^Bearer (\S+)$/i.exec(request.headers['authorization'] ?? '');
    return (bearer && this.partner.accountOfToken(bearer[1]!)) || this.mainStore;
  }

  private addTag(tag: string, store: AccountStore = this.mainStore): void {
    if (store.tagsByName.has(tag)) return;
    store.tagsByName.set(tag, {
      _id: this.newObjectId(),
      tag,
      status: 'ACTIVE',
      createdAt: new Date().toISOString(),
    });
  }

  /** 24 hex characters, like a MongoDB ObjectId. */
  private newObjectId(): string {
    this.objectIdCounter += 1;
    const seconds = Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0');
    return seconds + this.objectIdCounter.toString(16).padStart(16, '0');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const method = (request.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__mock/')) {
      this.handleInspection(method, url.pathname, response);
      return;
    }

    const chunks: Buffer[] = [];
    try {
      for await (const chunk of request) chunks.push(chunk as Buffer);
    } catch {
      return; // client went away while sending; nothing meaningful to record
    }
    const raw = Buffer.concat(chunks);
    const text = raw.toString('utf8');
    const parsedBody = text === '' ? null : parseBody(text);
    const bodyValue: JsonValue = parsedBody === null ? null : parsedBody.parsed ? parsedBody.value : text;

    const nthForPath = (this.requestsPerPath.get(url.pathname) ?? 0) + 1;
    this.requestsPerPath.set(url.pathname, nthForPath);
    const record: RecordedRequest = {
      seq: this.records.length + 1,
      method,
      path: url.pathname,
      query: url.search,
      headers: flattenHeaders(request),
      body: bodyValue,
      bodyBytes: raw.length,
      status: null,
      outcome: 'pending',
      receivedAt: new Date().toISOString(),
    };
    if (Array.isArray(bodyValue)) record.profiles = bodyValue.length;
    this.records.push(record);

    response.on('close', () => {
      if (record.outcome === 'pending' && !response.writableFinished) {
        record.outcome = 'aborted';
        record.finishedAt = new Date().toISOString();
      }
    });

    await sleep(this.settings.latencyMs);
    if (this.down === 'hanging') {
      // Held until the client gives up (its timeout) or the mock is brought back.
      await new Promise<void>((resolve) => {
        this.hanging.push(resolve);
        response.on('close', resolve);
      });
      if (response.destroyed) return;
    }

    const fault = this.faults.take({
      method,
      path: url.pathname,
      nthForPath,
      nthOverall: record.seq,
      phones: phonesInBody(bodyValue).map((entry) => entry.phone),
    });
    if (fault) {
      record.fault = fault.effect.kind;
      await sleep(fault.delayMs ?? 0);
      const faultReply = this.faultReply(fault);
      if (faultReply === 'drop') {
        record.outcome = 'dropped';
        record.finishedAt = new Date().toISOString();
        request.socket.destroy();
        return;
      }
      if (faultReply !== 'continue') {
        this.finish(record, response, faultReply);
        return;
      }
      if (fault.effect.kind === 'delay') await sleep(fault.effect.ms);
    }

    this.finish(record, response, this.route(method, url.pathname, request, raw.length, text, parsedBody));
  }

  private finish(record: RecordedRequest, response: ServerResponse, reply: Reply): void {
    record.status = reply.status;
    if (record.outcome === 'pending') {
      record.outcome = 'answered';
      record.finishedAt = new Date().toISOString();
    }
    if (!response.destroyed) this.send(response, reply);
  }

  private send(response: ServerResponse, reply: Reply): void {
    const isText = typeof reply.body === 'string';
    const payload = isText ? (reply.body as string) : JSON.stringify(reply.body);
    response.writeHead(reply.status, {
      'Content-Type':
        reply.contentType ?? (isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
      'Content-Length': Buffer.byteLength(payload),
      ...reply.headers,
    });
    response.end(payload);
  }

  /** 'continue' = handle normally after the effect (delay); 'drop' = destroy the socket. */
  private faultReply(fault: Fault): Reply | 'continue' | 'drop' {
    const effect = fault.effect;
    switch (effect.kind) {
      case 'status': {
        const reply = envelope(effect.status, effect.message ?? defaultStatusMessage(effect.status));
        const retryAfter = effect.retryAfterSeconds ?? (effect.status === 429 ? 1 : undefined);
        if (retryAfter !== undefined) reply.headers = { 'Retry-After': String(retryAfter) };
        return reply;
      }
      case 'html':
        return {
          status: effect.status,
          body: effect.html ?? proxyErrorPage(effect.status),
          contentType: 'text/html; charset=utf-8',
        };
      case 'failure200':
        return { status: 200, body: { success: false, message: effect.message ?? 'Something went wrong' } };
      case 'nonJson200':
        return {
          status: 200,
          body: effect.body ?? '<html><body>OK</body></html>',
          contentType: effect.contentType ?? 'text/html; charset=utf-8',
        };
      case 'raw':
        return {
          status: effect.status,
          body: effect.body,
          headers: effect.headers,
          contentType: effect.headers?.['Content-Type'],
        };
      case 'delay':
        return 'continue';
      case 'drop':
        return 'drop';
    }
  }

  private route(
    method: string,
    path: string,
    request: IncomingMessage,
    bodyBytes: number,
    text: string,
    parsedBody: ReturnType<typeof parseBody> | null,
  ): Reply {
    // Body size is checked before anything else, as a body-parser middleware in front of the routes would.
    if (this.settings.maxBodyBytes !== null && bodyBytes > this.settings.maxBodyBytes) {
      return envelope(413, 'Payload too large');
    }
    if (method === 'POST' && path === IMPORT_PATH) return this.importUsers(request, text, parsedBody);
    if (method === 'GET' && path === SEGMENTS_PATH) {
      return (
        this.authFailure(request) ?? {
          status: 200,
          body: { success: true, message: '', code: 200, data: this.segments },
        }
      );
    }
    if (method === 'POST' && path === USERS_PATH) return this.listUsers(request, text, parsedBody);
    if (method === 'POST' && path === TAGS_PATH) return this.createTag(request, text, parsedBody);
    if (method === 'GET' && (path === CUSTOMER_LIST_PATH || path === USER_TOKEN_PATH)) {
      const query = new URL(request.url ?? '/', 'http://mock.invalid').searchParams;
      const refused = this.partnerAuthFailure(request);
      if (refused) return refused;
      return path === CUSTOMER_LIST_PATH ? this.partner.listPage(query) : this.partner.userToken(query);
    }
    if (method === 'PUT' && path === STATUS_UPDATE_PATH) return this.updateStatus(request, text, parsedBody);
    if (method === 'GET' && path === TAGS_PATH) {
      const tags = [...this.storeOf(request).tagsByName.values()].map((tag) => ({ ...tag }));
      return (
        this.authFailure(request) ?? {
          status: 200,
          body: { success: true, message: '', code: 200, data: tags },
        }
      );
    }
    return envelope(404, `Cannot ${method} ${path}`);
  }

  private authFailure(request: IncomingMessage): Reply | null {
    const bearer = /^Bearer (\S+)$/i.exec(request.headers['authorization'] ?? '');
    if (request.headers['authtype'] !== 'Key' || !bearer) {
      return { status: 401, body: { ...JWT_MALFORMED_RESPONSE } };
    }
    if (!this.settings.tokens.includes(bearer[1]!) && !this.partner.accountOfToken(bearer[1]!)) {
      return { status: UNKNOWN_TOKEN_RESPONSE.status, body: { ...UNKNOWN_TOKEN_RESPONSE.body } };
    }
    return null;
  }

  /** The Partner API takes only a partner key; anything else is answered like an unknown token. */
  private partnerAuthFailure(request: IncomingMessage): Reply | null {
    const bearer = /^Bearer (\S+)$/i.exec(request.headers['authorization'] ?? '');
    if (request.headers['authtype'] !== 'Key' || !bearer) {
      return { status: 401, body: { ...JWT_MALFORMED_RESPONSE } };
    }
    if (!this.partner.isPartnerKey(bearer[1]!)) {
      return { status: UNKNOWN_TOKEN_RESPONSE.status, body: { ...UNKNOWN_TOKEN_RESPONSE.body } };
    }
    return null;
  }

  /** Auth, then content type and JSON, as for the import; then the endpoint's own body check. */
  private jsonBody(
    request: IncomingMessage,
    text: string,
    parsedBody: ReturnType<typeof parseBody> | null,
  ): { ok: true; value: JsonValue } | { ok: false; reply: Reply } {
    const authFailure = this.authFailure(request);
    if (authFailure) return { ok: false, reply: authFailure };
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      return {
        ok: false,
        reply: envelope(415, `Content-Type must be application/json (got "${contentType || 'none'}")`),
      };
    }
    if (parsedBody === null || text.trim() === '') return { ok: true, value: null };
    if (!parsedBody.parsed)
      return { ok: false, reply: envelope(400, `Invalid JSON body: ${parsedBody.error}`) };
    return { ok: true, value: parsedBody.value };
  }

  private listUsers(
    request: IncomingMessage,
    text: string,
    parsedBody: ReturnType<typeof parseBody> | null,
  ): Reply {
    const body = this.jsonBody(request, text, parsedBody);
    if (!body.ok) return body.reply;
    const checked = validateListBody(body.value);
    if (!checked.ok) return validationFailed(checked.errors);
    const store = this.storeOf(request);
    const contacts =
      store.contactsByPhone === this.contactsByPhone
        ? this.liveContacts()
        : [...store.contactsByPhone.values()];
    const data = listPage(contacts, checked.query, this.settings.pageSize);
    return { status: 200, body: { success: true, message: '', code: 200, data } };
  }

  /**
   * Soft delete: every id must name a live contact, else nothing changes (all or nothing, like an
   * import batch). A removed contact leaves the listings; a later import of its number creates a
   * new contact (a new _id), as BotPenguin's inbox would show a new person.
   */
  private updateStatus(
    request: IncomingMessage,
    text: string,
    parsedBody: ReturnType<typeof parseBody> | null,
  ): Reply {
    const body = this.jsonBody(request, text, parsedBody);
    if (!body.ok) return body.reply;
    const checked = validateStatusUpdateBody(body.value, this.settings.statusUpdateMaxIds);
    if (!checked.ok) return validationFailed(checked.errors);
    // The account the token names: the user's own, or a partner customer's.
    const store = this.storeOf(request);
    const own = store.contactsByPhone === this.contactsByPhone;
    const live = own ? this.liveContacts() : [...store.contactsByPhone.values()];
    const targets = checked.ids.map((id) => live.find((contact) => contact._id === id));
    if (targets.some((contact) => contact === undefined)) {
      return { status: UNKNOWN_USER_RESPONSE.status, body: { ...UNKNOWN_USER_RESPONSE.body } };
    }
    const deletedAt = now();
    for (const contact of targets as StoredContact[]) {
      const key = contact.prefix + contact.number;
      if (store.contactsByPhone.get(key) === contact) store.contactsByPhone.delete(key);
      else this.separateContacts = this.separateContacts.filter((other) => other !== contact);
      this.deletedContacts.push({ ...contact, deletedAt, updatedAt: deletedAt });
    }
    return { status: 200, body: { ...STATUS_UPDATE_SUCCESS_BODY } };
  }

  private createTag(
    request: IncomingMessage,
    text: string,
    parsedBody: ReturnType<typeof parseBody> | null,
  ): Reply {
    const body = this.jsonBody(request, text, parsedBody);
    if (!body.ok) return body.reply;
    const checked = validateTagBody(body.value);
    if (!checked.ok) return validationFailed(checked.errors);
    const store = this.storeOf(request);
    this.addTag(checked.tag, store);
    const created = { ...store.tagsByName.get(checked.tag)! };
    return { status: 200, body: { success: true, message: 'Tag created', code: 200, data: created } };
  }

  private importUsers(
    request: IncomingMessage,
    text: string,
    parsedBody: ReturnType<typeof parseBody> | null,
  ): Reply {
    const authFailure = this.authFailure(request);
    if (authFailure) return authFailure;

    const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      return envelope(415, `Content-Type must be application/json (got "${contentType || 'none'}")`);
    }
    if (parsedBody === null || text.trim() === '')
      return validationFailed(['body must be a JSON array of profiles']);
    if (!parsedBody.parsed) return envelope(400, `Invalid JSON body: ${parsedBody.error}`);
    const items = parsedBody.value;
    if (!Array.isArray(items)) return validationFailed(['body must be a JSON array of profiles']);
    if (items.length === 0) return validationFailed(['body must contain at least one profile']);
    if (this.settings.maxBatch !== null && items.length > this.settings.maxBatch) {
      return envelope(413, 'Payload too large');
    }

    const validation = validateImportBody(items);
    if (!validation.ok) return validationFailed(validation.errors);

    // All or nothing: a batch naming rejected phones stores none of its profiles.
    const rejected = validation.profiles.flatMap((profile, index) =>
      this.settings.invalidPhones.has(profile.prefix + profile.number)
        ? [
            `[${index}] profile.userDetails.contact.phone is not a valid WhatsApp number (${profile.prefix + profile.number})`,
          ]
        : [],
    );
    if (rejected.length > 0) return validationFailed(rejected);

    const store = this.storeOf(request);
    for (const profile of validation.profiles)
      this.upsert(profile, { imported: true, createdAt: now() }, store);
    this.partner.noteImport(/^Bearer (\S+)$/i.exec(request.headers['authorization'] ?? '')![1]!);
    return { status: 200, body: { ...IMPORT_SUCCESS_BODY } };
  }

  /** Same prefix+number = same contact: non-empty name/email replace, tags and attributes merge. */
  private upsert(
    profile: ImportProfile,
    origin: { imported: boolean; createdAt: string },
    store: AccountStore = this.mainStore,
  ): void {
    const now = new Date().toISOString();
    const phoneKey = profile.prefix + profile.number;
    for (const tag of profile.tags) this.addTag(tag, store);
    const existing = store.contactsByPhone.get(phoneKey);
    if (!existing) {
      store.contactsByPhone.set(phoneKey, {
        _id: this.newObjectId(),
        prefix: profile.prefix,
        number: profile.number,
        name: profile.name,
        email: profile.email,
        tags: [...new Set(profile.tags)],
        attributes: mergeAttributes([], profile.attributes),
        importCount: origin.imported ? 1 : 0,
        isImported: origin.imported,
        createdAt: origin.createdAt,
        updatedAt: now,
      });
      return;
    }
    if (profile.name !== '') existing.name = profile.name;
    if (profile.email !== '') existing.email = profile.email;
    existing.tags = [...new Set([...existing.tags, ...profile.tags])];
    existing.attributes = mergeAttributes(existing.attributes, profile.attributes);
    if (origin.imported) {
      existing.importCount += 1;
      existing.isImported = true;
    }
    existing.updatedAt = now;
  }

  private handleInspection(method: string, path: string, response: ServerResponse): void {
    // Read-only views for the playground page, which may be served from another origin.
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' };
    if (method === 'GET' && path === '/__mock/requests') {
      this.send(response, { status: 200, body: this.requests() as unknown as JsonValue, headers });
    } else if (method === 'GET' && path === '/__mock/contacts') {
      // The own account's contacts, then each partner customer's (with a `customer` name).
      const all = [...this.contacts(), ...this.partner.allContacts()];
      this.send(response, { status: 200, body: all as unknown as JsonValue, headers });
    } else {
      this.send(response, { ...envelope(404, `Cannot ${method} ${path}`), headers });
    }
  }
}

const now = (): string => new Date().toISOString();

/** Later values win per key; new keys keep their arrival order. */
function mergeAttributes(current: ContactAttribute[], incoming: ContactAttribute[]): ContactAttribute[] {
  const byKey = new Map(current.map((attribute) => [attribute.key, attribute.value]));
  for (const attribute of incoming) byKey.set(attribute.key, attribute.value);
  return [...byKey.entries()].map(([key, value]) => ({ key, value }));
}
