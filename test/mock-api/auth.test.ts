import { describe, expect, it } from 'vitest';
import { type MockBotPenguin, startMockBotPenguin } from '../../mock-api/index';
import { IMPORT_OK, importContacts, profile, send, useMockPerFile } from './helpers';

const JWT_MALFORMED = { success: false, message: 'jwt malformed', code: 401 };
const UNKNOWN_TOKEN = {
  success: false,
  message: 'Argument passed in must be a single String of 12 bytes or a string of 24 hex characters',
  code: 400,
};

let mock: MockBotPenguin;
useMockPerFile((started) => {
  mock = started;
});

describe('authentication of POST /inbox/users/import', () => {
  it('accepts the default token with authtype Key', async () => {
    const response = await importContacts(mock, [profile()]);
    expect(response.status).toBe(200);
    expect(response.json).toEqual(IMPORT_OK);
  });

  it('answers 401 jwt malformed when authtype is missing', async () => {
    const response = await importContacts(mock, [profile()], { authtype: null });
    expect(response.status).toBe(401);
    expect(response.json).toEqual(JWT_MALFORMED);
  });

  it('answers 401 jwt malformed when authtype is not exactly Key', async () => {
    const response = await importContacts(mock, [profile()], { authtype: 'Bearer' });
    expect(response.status).toBe(401);
    expect(response.json).toEqual(JWT_MALFORMED);
  });

  it.each([
    ['absent', null],
    ['empty', ''],
    ['without the Bearer scheme', 'test-token-0001'],
    ['Bearer with nothing after it', 'Bearer '],
    ['Bearer with two words', 'Bearer test-token-0001 extra'],
  ])('answers 401 jwt malformed when Authorization is %s', async (_label, authorization) => {
    const response = await importContacts(mock, [profile()], { authorization });
    expect(response.status).toBe(401);
    expect(response.json).toEqual(JWT_MALFORMED);
  });

  it('answers 400 with the ObjectId cast message for a well-formed but unknown token', async () => {
    const response = await importContacts(mock, [profile()], { authorization: 'Bearer not-a-known-token' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual(UNKNOWN_TOKEN);
    expect(await mock.contacts()).toEqual([]);
  });

  it('uses the tokens given by configure, replacing the old ones', async () => {
    await mock.configure({ tokens: ['fresh-token'] });
    try {
      expect((await importContacts(mock, [profile()], { authorization: 'Bearer fresh-token' })).status).toBe(
        200,
      );
      expect((await importContacts(mock, [profile()])).status).toBe(400);
    } finally {
      await mock.configure({ tokens: ['test-token-0001'] });
    }
  });

  it('checks auth on GET /inbox/segments and GET /inbox/tags too', async () => {
    expect((await send(mock, '/inbox/segments', { authtype: null })).status).toBe(401);
    expect((await send(mock, '/inbox/tags', { authorization: 'Bearer wrong' })).json).toEqual(UNKNOWN_TOKEN);
  });
});

describe('tokens given at start', () => {
  it('accepts only the start tokens', async () => {
    const custom = await startMockBotPenguin({ tokens: ['alpha', 'beta'] });
    try {
      expect((await importContacts(custom, [profile()], { authorization: 'Bearer beta' })).status).toBe(200);
      expect((await importContacts(custom, [profile()])).status).toBe(400);
    } finally {
      await custom.stop();
    }
  });
});
