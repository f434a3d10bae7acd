/** `PUT /inbox/users/status-update` (soft delete) and what it does to listings and imports, over real HTTP. */
import { describe, expect, it } from 'vitest';
import type { MockBotPenguin } from '../../mock-api/index';
import { importContacts, profile, send, useMockPerFile } from './helpers';

let mock: MockBotPenguin;
useMockPerFile((started) => {
  mock = started;
});

const PATH = '/inbox/users/status-update';
const remove = (body: unknown) => send(mock, PATH, { method: 'PUT', body });

async function search(searchText: string): Promise<{ _id: string }[]> {
  const response = await send(mock, '/inbox/users', {
    body: { searchText, tags: [], segments: [], page: 1 },
  });
  return (response.json as { data: { _id: string }[] }).data;
}

describe('PUT /inbox/users/status-update', () => {
  it('soft-deletes one contact with the documented answer; it leaves the listings and the inspection view', async () => {
    await importContacts(mock, [profile({ number: '9876500001' }), profile({ number: '9876500002' })]);
    const [first, second] = await mock.contacts();
    const response = await remove({ ids: [first._id], status: 'DELETED' });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ success: true, message: '', code: 200 });
    expect((await search('98765')).map((u) => u._id)).toEqual([second._id]);
    expect((await mock.contacts()).map((c) => c._id)).toEqual([second._id]);
    const [removed] = await mock.removedContacts();
    expect(removed).toMatchObject({ _id: first._id, number: '9876500001' });
    expect(removed.deletedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('an import of a removed number creates a new contact (a new _id)', async () => {
    await importContacts(mock, [profile({ number: '9876500001' })]);
    const [before] = await mock.contacts();
    await remove({ ids: [before._id], status: 'DELETED' });
    await importContacts(mock, [profile({ number: '9876500001' })]);
    const [after] = await mock.contacts();
    expect(after._id).not.toBe(before._id);
    expect(after.importCount).toBe(1);
  });

  it('an unknown or already removed id: 404 and nothing changes', async () => {
    await importContacts(mock, [profile({ number: '9876500001' })]);
    const [contact] = await mock.contacts();
    await remove({ ids: [contact._id], status: 'DELETED' });
    const again = await remove({ ids: [contact._id], status: 'DELETED' });
    expect(again.status).toBe(404);
    expect(again.json).toEqual({ success: false, message: 'User not found', code: 404 });
    expect(await mock.removedContacts()).toHaveLength(1);
  });

  it('checks the body: ids of 24 hex, status DELETED, one id unless configured (the stricter reading)', async () => {
    await importContacts(mock, [profile({ number: '9876500001' }), profile({ number: '9876500002' })]);
    const ids = (await mock.contacts()).map((c) => c._id);
    const bad = await remove({ ids: ['nope'], status: 'ACTIVE' });
    expect(bad.status).toBe(400);
    expect((bad.json as { data: string[] }).data).toEqual([
      'ids[0] must be a 24-hex user id',
      'status must be "DELETED"',
    ]);
    const two = await remove({ ids, status: 'DELETED' });
    expect((two.json as { data: string[] }).data).toEqual(['ids may hold at most 1 id']);
    await mock.configure({ statusUpdateMaxIds: null });
    expect((await remove({ ids, status: 'DELETED' })).status).toBe(200);
    expect(await mock.contacts()).toEqual([]);
    await mock.configure({ statusUpdateMaxIds: 1 });
  });

  it('needs the token like every endpoint', async () => {
    const response = await send(mock, PATH, {
      method: 'PUT',
      authtype: null,
      body: { ids: [], status: 'DELETED' },
    });
    expect(response.status).toBe(401);
  });

  it('a separately seeded contact shares a number with an imported one: both are listed', async () => {
    await importContacts(mock, [profile({ number: '9876500001' })]);
    await mock.seedContacts({
      separate: true,
      contacts: [{ prefix: '91', number: '9876500001', name: 'From a chat' }],
    });
    expect(await search('9876500001')).toHaveLength(2);
  });
});
