/**
 * The mock as a BotPenguin partner (agency): partner keys, the partner's customers, each with its
 * own token and its own account (contacts, tags), and the two Partner API endpoints the add-on
 * uses (docs/botpenguin-api.md, "Partner API"):
 *
 * - `GET /customer/list?page=N&sort=createdAt` with a partner key → `{success, message, code,
 *   data: [{_id, name, contact: {email}, status, verified, subscriptionType, createdAt, updatedAt,
 *   lastLogin}]}`, `pageSize` customers a page, paged until a short (or empty) page.
 * - `GET /ext/get-user-token?userId=<_id>` with a partner key → `{success: true, data:
 *   {permanentToken: {key, active}}, code: 200}`.
 *
 * Not documented, chosen here (one place each): the page size (10); an unknown partner key gets
 * the same 400 cast error as an unknown token elsewhere; a customer the partner does not have (or
 * deleted) gets `404 {"success":false,"message":"Customer not found","code":404}`; a partner key
 * cannot call the inbox endpoints itself (it is not a customer token).
 */
import type { JsonValue, PartnerCustomerSetup, PartnerSetup, StoredContact } from './types';

export const CUSTOMER_LIST_PATH = '/customer/list';
export const USER_TOKEN_PATH = '/ext/get-user-token';
export const DEFAULT_CUSTOMER_PAGE_SIZE = 10;
export const CUSTOMER_NOT_FOUND = { success: false, message: 'Customer not found', code: 404 } as const;

/** One account's data: what a customer token reads and writes. */
export interface AccountStore {
  contactsByPhone: Map<string, StoredContact>;
  tagsByName: Map<string, { _id: string; tag: string; status: 'ACTIVE'; createdAt: string }>;
}

const newAccountStore = (): AccountStore => ({ contactsByPhone: new Map(), tagsByName: new Map() });

interface Customer {
  _id: string;
  name: string;
  email: string;
  token: string;
  tokenActive: boolean;
  deleted: boolean;
  /** After this many accepted imports the token is replaced (a revocation mid-run). */
  rotateAfterImports: number | null;
  imports: number;
  rotations: number;
  createdAt: string;
  account: AccountStore;
}

export class PartnerBook {
  private keys: string[] = [];
  private customers: Customer[] = [];
  pageSize = DEFAULT_CUSTOMER_PAGE_SIZE;

  /** Customers are matched by `_id`: a changed customer keeps its contacts; `null` clears all. */
  configure(setup: PartnerSetup | null): void {
    if (setup === null) {
      this.keys = [];
      this.customers = [];
      this.pageSize = DEFAULT_CUSTOMER_PAGE_SIZE;
      return;
    }
    if (setup.keys !== undefined) this.keys = [...setup.keys];
    if (setup.pageSize !== undefined) {
      if (!Number.isInteger(setup.pageSize) || setup.pageSize < 1)
        throw new Error('partner.pageSize must be a whole number ≥ 1');
      this.pageSize = setup.pageSize;
    }
    for (const spec of setup.customers ?? []) this.upsertCustomer(spec);
  }

  private upsertCustomer(spec: PartnerCustomerSetup): void {
    const existing = this.customers.find((c) => c._id === spec._id);
    if (existing) {
      if (spec.name !== undefined) existing.name = spec.name;
      if (spec.email !== undefined) existing.email = spec.email;
      if (spec.token !== undefined) existing.token = spec.token;
      if (spec.tokenActive !== undefined) existing.tokenActive = spec.tokenActive;
      if (spec.deleted !== undefined) existing.deleted = spec.deleted;
      if (spec.rotateAfterImports !== undefined) existing.rotateAfterImports = spec.rotateAfterImports;
      return;
    }
    if (!/^[0-9a-f]{24}$/.test(spec._id))
      throw new Error(`customer _id must be 24 hex characters: ${spec._id}`);
    if (!spec.token) throw new Error(`customer ${spec._id} needs a token`);
    this.customers.push({
      _id: spec._id,
      name: spec.name ?? `Customer ${this.customers.length + 1}`,
      email: spec.email ?? '',
      token: spec.token,
      tokenActive: spec.tokenActive ?? true,
      deleted: spec.deleted ?? false,
      rotateAfterImports: spec.rotateAfterImports ?? null,
      imports: 0,
      rotations: 0,
      createdAt: new Date(Date.UTC(2024, 0, 1 + this.customers.length)).toISOString(),
      account: newAccountStore(),
    });
  }

  /** Accounts of customers just added get the seed tags. */
  seedNewAccounts(seed: (store: AccountStore) => void): void {
    for (const customer of this.customers) if (customer.account.tagsByName.size === 0) seed(customer.account);
  }

  /** Contacts go; customers, keys and tokens stay (like the main account on reset). */
  reset(seedTags: (store: AccountStore) => void): void {
    for (const customer of this.customers) {
      customer.account = newAccountStore();
      customer.imports = 0;
      seedTags(customer.account);
    }
  }

  isPartnerKey(token: string): boolean {
    return this.keys.includes(token);
  }

  /** The account a customer token opens, or null (not a customer token, revoked, or deleted). */
  accountOfToken(token: string): AccountStore | null {
    const customer = this.customers.find((c) => c.token === token && c.tokenActive && !c.deleted);
    return customer ? customer.account : null;
  }

  /** Counts an accepted import; a customer set to rotate gets a new token after N of them. */
  noteImport(token: string): void {
    const customer = this.customers.find((c) => c.token === token);
    if (!customer) return;
    customer.imports += 1;
    if (customer.rotateAfterImports !== null && customer.imports >= customer.rotateAfterImports) {
      customer.rotations += 1;
      customer.token = `${customer.token.replace(/-r\d+$/, '')}-r${customer.rotations}`;
      customer.rotateAfterImports = null;
    }
  }

  /** Every customer's contacts, each with its customer's name (the playground's panel). */
  allContacts(): Array<StoredContact & { customer: string }> {
    return this.customers.flatMap((c) =>
      [...c.account.contactsByPhone.values()].map((contact) => ({
        ...structuredClone(contact),
        customer: c.name,
      })),
    );
  }

  contactsOf(customerId: string): StoredContact[] {
    const customer = this.customers.find((c) => c._id === customerId);
    if (!customer) throw new Error(`no customer ${customerId}`);
    return structuredClone([...customer.account.contactsByPhone.values()]);
  }

  /** `GET /customer/list`: oldest first (sort=createdAt), `pageSize` a page. */
  listPage(query: URLSearchParams): { status: number; body: JsonValue } {
    const page = Number(query.get('page') ?? '1');
    if (!Number.isInteger(page) || page < 1) {
      return {
        status: 400,
        body: { success: false, message: 'page must be a whole number from 1', code: 400 },
      };
    }
    const visible = this.customers.filter((c) => !c.deleted);
    const data = visible.slice((page - 1) * this.pageSize, page * this.pageSize).map((c) => ({
      _id: c._id,
      name: c.name,
      contact: { email: c.email },
      status: 'ACTIVE',
      verified: true,
      subscriptionType: 'PARTNER_CUSTOMER',
      createdAt: c.createdAt,
      updatedAt: c.createdAt,
      lastLogin: c.createdAt,
    }));
    return { status: 200, body: { success: true, message: '', code: 200, data } };
  }

  /** `GET /ext/get-user-token?userId=…`. */
  userToken(query: URLSearchParams): { status: number; body: JsonValue } {
    const userId = query.get('userId') ?? '';
    const customer = this.customers.find((c) => c._id === userId && !c.deleted);
    if (!customer) return { status: 404, body: { ...CUSTOMER_NOT_FOUND } };
    return {
      status: 200,
      body: {
        success: true,
        message: '',
        code: 200,
        data: { permanentToken: { key: customer.token, active: customer.tokenActive } },
      },
    };
  }
}
