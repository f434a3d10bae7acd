import { describe, expect, it } from 'vitest';
import type { MockBotPenguin } from '../../mock-api/index';
import { IMPORT_OK, importContacts, profile, send, useMockPerFile } from './helpers';

let mock: MockBotPenguin;
useMockPerFile((started) => {
  mock = started;
});

describe('import storage', () => {
  it('stores every profile of a successful batch', async () => {
    const response = await importContacts(mock, [
      profile({
        name: 'Asha',
        number: '9876543210',
        tags: ['VIP'],
        attributes: [{ key: 'ID', value: 'BP001' }],
      }),
      profile({ name: 'Ben', prefix: '44', number: '7700900123', email: '' }),
    ]);
    expect(response.status).toBe(200);
    expect(response.json).toEqual(IMPORT_OK);
    const contacts = await mock.contacts();
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toMatchObject({
      prefix: '91',
      number: '9876543210',
      name: 'Asha',
      email: 'asha@example.com',
      tags: ['VIP'],
      attributes: [{ key: 'ID', value: 'BP001' }],
      importCount: 1,
    });
    expect(contacts[1]).toMatchObject({
      prefix: '44',
      number: '7700900123',
      name: 'Ben',
      email: '',
      importCount: 1,
    });
    expect(Date.parse(contacts[0]!.createdAt)).not.toBeNaN();
  });

  it('upserts by prefix+number: non-empty fields replace, tags and attributes merge', async () => {
    await importContacts(mock, [
      profile({
        name: 'Asha',
        email: 'a@x.io',
        tags: ['VIP', 'Lead'],
        attributes: [{ key: 'ID', value: '1' }],
      }),
    ]);
    await importContacts(mock, [
      profile({
        name: 'Asha Rao',
        email: '',
        tags: ['Lead', 'Paid'],
        attributes: [
          { key: 'ID', value: '2' },
          { key: 'City', value: 'Pune' },
        ],
      }),
    ]);
    const contacts = await mock.contacts();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      name: 'Asha Rao',
      email: 'a@x.io',
      tags: ['VIP', 'Lead', 'Paid'],
      attributes: [
        { key: 'ID', value: '2' },
        { key: 'City', value: 'Pune' },
      ],
      importCount: 2,
    });
  });

  it('treats the same number under another prefix as another contact', async () => {
    await importContacts(mock, [profile({ prefix: '91' }), profile({ prefix: '1' })]);
    expect((await mock.contacts()).map((contact) => contact.prefix)).toEqual(['91', '1']);
  });

  it('stores nothing from a rejected batch', async () => {
    await importContacts(mock, [profile({ number: '1111111' }), profile({ number: 'bad' })]);
    expect(await mock.contacts()).toEqual([]);
  });
});

describe('other endpoints', () => {
  it('lists seeded segments in the success envelope', async () => {
    const response = await send(mock, '/inbox/segments');
    expect(response.status).toBe(200);
    const body = response.json as {
      success: boolean;
      code: number;
      message: string;
      data: Array<Record<string, string>>;
    };
    expect(body).toMatchObject({ success: true, message: '', code: 200 });
    expect(body.data.length).toBeGreaterThan(0);
    for (const segment of body.data) {
      expect(segment['_id']).toMatch(/^[0-9a-f]{24}$/);
      expect(segment['_customer']).toMatch(/^[0-9a-f]{24}$/);
      expect(typeof segment['segmentName']).toBe('string');
    }
  });

  it('lists seeded tags plus tags seen in imports, and forgets imported ones on reset', async () => {
    const tagNames = async (): Promise<string[]> => {
      const response = await send(mock, '/inbox/tags');
      expect(response.status).toBe(200);
      const body = response.json as {
        success: boolean;
        data: Array<{ _id: string; tag: string; status: string; createdAt: string }>;
      };
      expect(body.success).toBe(true);
      for (const tag of body.data) {
        expect(tag._id).toMatch(/^[0-9a-f]{24}$/);
        expect(tag.status).toBe('ACTIVE');
        expect(Date.parse(tag.createdAt)).not.toBeNaN();
      }
      return body.data.map((tag) => tag.tag);
    };
    const seeded = await tagNames();
    expect(seeded.length).toBeGreaterThanOrEqual(2);
    await importContacts(mock, [profile({ tags: ['Webinar 2024', seeded[0]!] })]);
    expect(await tagNames()).toEqual([...seeded, 'Webinar 2024']);
    await mock.reset();
    expect(await tagNames()).toEqual(seeded);
  });

  it('answers 404 with a JSON envelope for an unknown path or method', async () => {
    const unknownPath = await send(mock, '/inbox/nothing-here');
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.json).toMatchObject({ success: false, code: 404 });
    const wrongMethod = await send(mock, '/inbox/users/import');
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.json).toMatchObject({ success: false, code: 404 });
  });
});

describe('request records', () => {
  it('records every request in order with headers, parsed body, status and profile count', async () => {
    await importContacts(mock, [profile(), profile({ number: '9000000001' })]);
    await importContacts(mock, [profile()], { authtype: null });
    await send(mock, '/inbox/users/import?x=1', { body: 'not json' });
    await send(mock, '/inbox/tags');
    const records = await mock.requests();
    expect(records.map((record) => [record.seq, record.method, record.path, record.status])).toEqual([
      [1, 'POST', '/inbox/users/import', 200],
      [2, 'POST', '/inbox/users/import', 401],
      [3, 'POST', '/inbox/users/import', 400],
      [4, 'GET', '/inbox/tags', 200],
    ]);
    expect(records[0]!.headers['authorization']).toBe('Bearer test-token-0001');
    expect(records[0]!.headers['authtype']).toBe('Key');
    expect(records[0]!.body).toEqual([profile(), profile({ number: '9000000001' })]);
    expect(records[0]!.profiles).toBe(2);
    expect(records[0]!.outcome).toBe('answered');
    expect(records[1]!.headers['authtype']).toBeUndefined();
    expect(records[2]!.body).toBe('not json');
    expect(records[2]!.query).toBe('?x=1');
    expect(records[2]!.profiles).toBeUndefined();
    expect(records[3]!.body).toBeNull();
    for (const record of records) expect(Date.parse(record.receivedAt)).not.toBeNaN();
  });

  it('reset clears requests, contacts and the sequence', async () => {
    await importContacts(mock, [profile()]);
    await mock.reset();
    expect(await mock.requests()).toEqual([]);
    expect(await mock.contacts()).toEqual([]);
    await send(mock, '/inbox/tags');
    expect((await mock.requests())[0]!.seq).toBe(1);
  });

  it('serves read-only JSON views under /__mock without recording them', async () => {
    await importContacts(mock, [profile()]);
    const contactsView = await fetch(`${mock.url}/__mock/contacts`);
    expect(contactsView.headers.get('access-control-allow-origin')).toBe('*');
    expect(await contactsView.json()).toEqual(await mock.contacts());
    const requestsView = await fetch(`${mock.url}/__mock/requests`);
    expect(await requestsView.json()).toEqual(await mock.requests());
    expect(await mock.requests()).toHaveLength(1);
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(404);
  });
});
