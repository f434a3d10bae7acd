/** `POST /inbox/users` (list), `GET`/`POST /inbox/tags` and seeding, over real HTTP. */
import { describe, expect, it } from 'vitest';
import type { MockBotPenguin } from '../../mock-api/index';
import { importContacts, profile, send, useMockPerFile } from './helpers';

let mock: MockBotPenguin;
useMockPerFile((started) => {
  mock = started;
});

const LIST_ALL = { searchText: '', tags: [] as string[], segments: [] as string[] };

interface ListedUser {
  _id: string;
  platform: string;
  profile: {
    userDetails: {
      userProvidedName: string;
      contact: { email: string; phone: { number: string; prefix: string } };
      tags: string[];
      attributes: { key: string; value: string }[];
      whatsAppNumber: string;
    };
  };
  segments: string[];
  isImported: boolean;
  createdAt: string;
}

async function listPage(body: unknown): Promise<{ status: number; json: { data: unknown[] } }> {
  const response = await send(mock, '/inbox/users', { body });
  return { status: response.status, json: response.json as { data: unknown[] } };
}

/** Pages 1, 2, … until an empty page, as a client must. */
async function listAll(filters = LIST_ALL): Promise<{ users: ListedUser[]; pages: number }> {
  const users: ListedUser[] = [];
  for (let page = 1; ; page++) {
    const { status, json } = await listPage({ ...filters, page });
    expect(status).toBe(200);
    if (json.data.length === 0) return { users, pages: page };
    users.push(...(json.data as ListedUser[]));
  }
}

describe('POST /inbox/users', () => {
  it('lists imported contacts in the documented user shape', async () => {
    await importContacts(mock, [
      profile({ name: 'Asha', tags: ['VIP'], attributes: [{ key: 'City', value: 'Pune' }] }),
    ]);
    const { status, json } = await listPage({ ...LIST_ALL, page: 1 });
    expect(status).toBe(200);
    expect(json).toMatchObject({ success: true, message: '', code: 200 });
    expect(json.data).toHaveLength(1);
    const user = json.data[0] as ListedUser;
    expect(user._id).toMatch(/^[0-9a-f]{24}$/);
    expect(user).toMatchObject({
      platform: 'whatsapp',
      profile: {
        userDetails: {
          userProvidedName: 'Asha',
          contact: { email: 'asha@example.com', phone: { number: '9876543210', prefix: '91' } },
          tags: ['VIP'],
          attributes: [{ key: 'City', value: 'Pune' }],
          whatsAppNumber: '919876543210',
        },
      },
      segments: [],
      isImported: true,
    });
    expect(Number.isNaN(Date.parse(user.createdAt))).toBe(false);
    expect((await mock.contacts())[0]!._id).toBe(user._id);
  });

  it('pages by the configured page size until an empty page', async () => {
    await mock.configure({ pageSize: 40 });
    expect(await mock.seedContacts({ count: 100 })).toBe(100);
    const { users, pages } = await listAll();
    expect(pages).toBe(4); // 40 + 40 + 20, then the empty page
    expect(users.map((u) => u.profile.userDetails.userProvidedName)).toEqual(
      Array.from({ length: 100 }, (_, k) => `Seeded contact ${k}`),
    );
    expect(new Set(users.map((u) => u._id)).size).toBe(100);
    expect(users.every((u) => !u.isImported)).toBe(true);
    const requests = await mock.requests();
    expect(requests.map((r) => (r.body as { page: number }).page)).toEqual([1, 2, 3, 4]);
    await mock.configure({ pageSize: 100 });
  });

  it('filters by searchText in name, email or number, ignoring case', async () => {
    await mock.seedContacts({
      contacts: [
        { prefix: '91', number: '9811111111', name: 'Asha Rao', email: 'a@x.io' },
        { prefix: '44', number: '7700900123', name: 'Ben', email: 'BEN@shop.co.uk' },
        { prefix: '1', number: '2025550143', name: 'Carla', email: '' },
      ],
    });
    const names = async (searchText: string) =>
      (await listAll({ ...LIST_ALL, searchText })).users.map((u) => u.profile.userDetails.userProvidedName);
    expect(await names('asha')).toEqual(['Asha Rao']);
    expect(await names('shop.CO')).toEqual(['Ben']);
    expect(await names('5550143')).toEqual(['Carla']);
    expect(await names('447700')).toEqual(['Ben']);
    expect(await names('nobody')).toEqual([]);
  });

  it('filters by tags: contacts having all the given names', async () => {
    await mock.seedContacts({
      contacts: [
        { prefix: '91', number: '9811111111', name: 'A', tags: ['VIP', 'Lead'] },
        { prefix: '91', number: '9822222222', name: 'B', tags: ['VIP'] },
        { prefix: '91', number: '9833333333', name: 'C', tags: [] },
      ],
    });
    const names = async (tags: string[]) =>
      (await listAll({ ...LIST_ALL, tags })).users.map((u) => u.profile.userDetails.userProvidedName);
    expect(await names(['VIP'])).toEqual(['A', 'B']);
    expect(await names(['VIP', 'Lead'])).toEqual(['A']);
    expect(await names(['vip'])).toEqual([]);
    expect(await names([])).toEqual(['A', 'B', 'C']);
  });

  it('a segment filter matches nobody (imports cannot put contacts in segments)', async () => {
    await mock.seedContacts({ count: 3 });
    expect((await listAll({ ...LIST_ALL, segments: ['abc'] })).users).toEqual([]);
  });

  it('demands every filter field: a missing one is a 400 naming it', async () => {
    const { status, json } = await listPage({ searchText: '', page: 1 });
    expect(status).toBe(400);
    expect(json).toEqual({
      success: false,
      message: 'Validation failed',
      code: 400,
      data: ['tags is required', 'segments is required'],
    });
  });

  it.each([
    [{ ...LIST_ALL, page: 0 }, 'page must be a whole number from 1'],
    [{ ...LIST_ALL, page: '1' }, 'page must be a whole number from 1'],
    [{ ...LIST_ALL, tags: 'VIP', page: 1 }, 'tags must be an array of tag names'],
    [{ ...LIST_ALL, searchText: null, page: 1 }, 'searchText must be a string'],
    [[], 'body must be a JSON object with searchText, tags, segments and page'],
  ])('rejects a malformed body %j', async (body, message) => {
    const { status, json } = await listPage(body);
    expect(status).toBe(400);
    expect(json.data).toEqual([message]);
  });

  it('checks auth like the import: 401 without authtype, 400 ObjectId for an unknown token', async () => {
    const body = { ...LIST_ALL, page: 1 };
    const noAuthtype = await send(mock, '/inbox/users', { body, authtype: null });
    expect(noAuthtype.status).toBe(401);
    expect(noAuthtype.json).toEqual({ success: false, message: 'jwt malformed', code: 401 });
    const wrong = await send(mock, '/inbox/users', { body, authorization: 'Bearer nope' });
    expect(wrong.status).toBe(400);
    expect((wrong.json as { message: string }).message).toContain('single String of 12 bytes');
  });

  it('is faulted and recorded like any other path', async () => {
    await mock.seedContacts({ count: 2 });
    await mock.configure({
      faults: [{ match: { path: '/inbox/users', nth: 2 }, effect: { kind: 'status', status: 503 } }],
    });
    const body = { ...LIST_ALL, page: 1 };
    expect((await listPage(body)).status).toBe(200);
    expect((await listPage(body)).status).toBe(503);
    expect((await listPage(body)).status).toBe(200);
    const requests = await mock.requests();
    expect(requests.map((r) => [r.path, r.status, r.fault ?? null])).toEqual([
      ['/inbox/users', 200, null],
      ['/inbox/users', 503, 'status'],
      ['/inbox/users', 200, null],
    ]);
  });

  it('seeded and imported contacts share the upsert store; an import marks a seeded one imported', async () => {
    await mock.seedContacts({ contacts: [{ prefix: '91', number: '9876543210', name: 'Seed' }] });
    await importContacts(mock, [profile({ name: '' })]);
    const contacts = await mock.contacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ name: 'Seed', importCount: 1, isImported: true });
  });
});

describe('/inbox/tags', () => {
  const tagNames = async (): Promise<string[]> =>
    ((await send(mock, '/inbox/tags')).json as { data: { tag: string }[] }).data.map((t) => t.tag);

  it('lists seeded tags plus tags created by imports', async () => {
    await importContacts(mock, [profile({ tags: ['Lead', 'VIP'] })]);
    expect(await tagNames()).toEqual(['VIP', 'Newsletter', 'Lead']);
  });

  it('seeded tags are settable and survive a reset', async () => {
    await mock.configure({ seedTags: ['Gold', 'Silver'] });
    expect(await tagNames()).toEqual(['Gold', 'Silver']);
    await mock.reset();
    expect(await tagNames()).toEqual(['Gold', 'Silver']);
    await mock.configure({ seedTags: ['VIP', 'Newsletter'] });
  });

  it('POST creates a tag once', async () => {
    const created = await send(mock, '/inbox/tags', { body: { tag: 'Webinar', status: 'ACTIVE' } });
    expect(created.status).toBe(200);
    expect((created.json as { data: { _id: string; tag: string; status: string } }).data).toMatchObject({
      tag: 'Webinar',
      status: 'ACTIVE',
    });
    await send(mock, '/inbox/tags', { body: { tag: 'Webinar', status: 'ACTIVE' } });
    expect(await tagNames()).toEqual(['VIP', 'Newsletter', 'Webinar']);
  });

  it.each([[{ tag: '', status: 'ACTIVE' }], [{ status: 'ACTIVE' }], [{ tag: 7 }]])(
    'POST rejects %j',
    async (body) => {
      const response = await send(mock, '/inbox/tags', { body });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({
        success: false,
        code: 400,
        data: ['tag must be a non-empty string'],
      });
    },
  );

  it('POST needs the token', async () => {
    const response = await send(mock, '/inbox/tags', {
      body: { tag: 'X', status: 'ACTIVE' },
      authtype: null,
    });
    expect(response.status).toBe(401);
    expect(await tagNames()).toEqual(['VIP', 'Newsletter']);
  });
});
