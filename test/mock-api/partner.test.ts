/**
 * The mock as a BotPenguin partner: partner keys, customers with their own tokens and accounts,
 * `GET /customer/list` and `GET /ext/get-user-token` in the documented shapes, a deleted customer,
 * a revoked token and a token replaced after some imports.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { CUSTOMER_NOT_FOUND, type MockBotPenguin, UNKNOWN_TOKEN_RESPONSE } from '../../mock-api/index';
import { importContacts, profile, send, useMockPerFile } from './helpers';

let mock: MockBotPenguin;
useMockPerFile((m) => {
  mock = m;
});

const KEY = 'partner-key-000000000001';
const A = {
  _id: 'a0000000000000000000000a',
  name: 'Asha Foods',
  email: 'owner@ashafoods.example',
  token: 'tok-asha-0001',
};
const B = {
  _id: 'b0000000000000000000000b',
  name: 'Bela Travel',
  email: 'ops@belatravel.example',
  token: 'tok-bela-0002',
};
const asKey = { authorization: `Bearer ${KEY}` };

beforeEach(async () => {
  await mock.configure({ partner: null });
  await mock.configure({ partner: { keys: [KEY], pageSize: 1, customers: [A, B] } });
});

describe('partner endpoints', () => {
  it('lists the customers page by page (sort=createdAt) until an empty page', async () => {
    const first = await send(mock, '/customer/list?page=1&sort=createdAt', asKey);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      success: true,
      code: 200,
      data: [{ _id: A._id, name: A.name, contact: { email: A.email }, status: 'ACTIVE', verified: true }],
    });
    const second = (await send(mock, '/customer/list?page=2&sort=createdAt', asKey)).json as {
      data: unknown[];
    };
    expect(second.data).toMatchObject([{ _id: B._id }]);
    expect(((await send(mock, '/customer/list?page=3', asKey)).json as { data: unknown[] }).data).toEqual([]);
  });

  it('gives a customer its own token with the partner key only', async () => {
    const answer = await send(mock, `/ext/get-user-token?userId=${B._id}`, asKey);
    expect(answer.json).toEqual({
      success: true,
      message: '',
      code: 200,
      data: { permanentToken: { key: B.token, active: true } },
    });
    // A customer token is not a partner key, and a partner key is not a customer token.
    const withCustomerToken = await send(mock, `/ext/get-user-token?userId=${B._id}`, {
      authorization: `Bearer ${A.token}`,
    });
    expect(withCustomerToken.status).toBe(UNKNOWN_TOKEN_RESPONSE.status);
    const importWithKey = await importContacts(mock, [profile()], asKey);
    expect(importWithKey.status).toBe(UNKNOWN_TOKEN_RESPONSE.status);
    expect((await send(mock, '/customer/list?page=1', { ...asKey, authtype: null })).status).toBe(401);
  });

  it('an import with a customer token lands in that customer’s contacts only', async () => {
    expect(
      (
        await importContacts(mock, [profile({ number: '9800000001' })], {
          authorization: `Bearer ${A.token}`,
        })
      ).status,
    ).toBe(200);
    expect((await mock.customerContacts(A._id)).map((c) => c.number)).toEqual(['9800000001']);
    expect(await mock.customerContacts(B._id)).toEqual([]);
    expect(await mock.contacts()).toEqual([]);
    const listed = await send(mock, '/inbox/users', {
      authorization: `Bearer ${B.token}`,
      body: { searchText: '', tags: [], segments: [], page: 1 },
    });
    expect((listed.json as { data: unknown[] }).data).toEqual([]);
  });

  it('a deleted customer is not listed, has no token, and its token stops working', async () => {
    await mock.configure({ partner: { customers: [{ _id: A._id, deleted: true }] } });
    const list = (await send(mock, '/customer/list?page=1', asKey)).json as { data: { _id: string }[] };
    expect(list.data.map((c) => c._id)).toEqual([B._id]);
    const token = await send(mock, `/ext/get-user-token?userId=${A._id}`, asKey);
    expect(token.status).toBe(404);
    expect(token.json).toEqual(CUSTOMER_NOT_FOUND);
    expect((await importContacts(mock, [profile()], { authorization: `Bearer ${A.token}` })).status).toBe(
      400,
    );
  });

  it('a revoked token is refused and reported inactive; a rotating token is replaced after N imports', async () => {
    await mock.configure({
      partner: {
        customers: [
          { _id: A._id, tokenActive: false },
          { _id: B._id, rotateAfterImports: 1 },
        ],
      },
    });
    expect((await importContacts(mock, [profile()], { authorization: `Bearer ${A.token}` })).status).toBe(
      400,
    );
    const inactive = await send(mock, `/ext/get-user-token?userId=${A._id}`, asKey);
    expect(inactive.json).toMatchObject({ data: { permanentToken: { key: A.token, active: false } } });

    expect((await importContacts(mock, [profile()], { authorization: `Bearer ${B.token}` })).status).toBe(
      200,
    );
    expect((await importContacts(mock, [profile()], { authorization: `Bearer ${B.token}` })).status).toBe(
      400,
    );
    const fresh = (await send(mock, `/ext/get-user-token?userId=${B._id}`, asKey)).json as {
      data: { permanentToken: { key: string } };
    };
    expect(fresh.data.permanentToken.key).toBe(`${B.token}-r1`);
    expect(
      (await importContacts(mock, [profile()], { authorization: `Bearer ${fresh.data.permanentToken.key}` }))
        .status,
    ).toBe(200);
  });
});
