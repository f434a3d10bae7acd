import { describe, expect, it } from 'vitest';
import type { MockBotPenguin } from '../../mock-api/index';
import { importContacts, profile, send, useMockPerFile } from './helpers';

let mock: MockBotPenguin;
useMockPerFile((started) => {
  mock = started;
});

/** Sends the items and expects 400 Validation failed with exactly these messages; nothing stored. */
async function expectValidationErrors(items: unknown[], messages: string[]): Promise<void> {
  const response = await importContacts(mock, items);
  expect(response.status).toBe(400);
  expect(response.json).toEqual({ success: false, message: 'Validation failed', code: 400, data: messages });
  expect(await mock.contacts()).toEqual([]);
}

function withDetails(patch: (details: Record<string, unknown>) => void): unknown {
  const item = profile() as { profile: { userDetails: Record<string, unknown> } };
  patch(item.profile.userDetails);
  return item;
}

describe('content type and body', () => {
  it('answers 415 when Content-Type is not application/json', async () => {
    const response = await importContacts(mock, [profile()], { contentType: 'text/plain' });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({ success: false, code: 415 });
    expect((response.json as { message: string }).message).toContain('application/json');
  });

  it('answers 415 when Content-Type is missing', async () => {
    expect((await importContacts(mock, [profile()], { contentType: null })).status).toBe(415);
  });

  it('accepts application/json with a charset', async () => {
    expect(
      (await importContacts(mock, [profile()], { contentType: 'application/json; charset=utf-8' })).status,
    ).toBe(200);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await send(mock, '/inbox/users/import', { body: '[{"profile":' });
    expect(response.status).toBe(400);
    expect((response.json as { message: string }).message).toMatch(/^Invalid JSON body/);
  });

  it('answers 400 Validation failed for an empty array', async () => {
    await expectValidationErrors([], ['body must contain at least one profile']);
  });

  it('answers 400 Validation failed for a single object instead of an array', async () => {
    const response = await send(mock, '/inbox/users/import', { body: profile() });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      success: false,
      message: 'Validation failed',
      code: 400,
      data: ['body must be a JSON array of profiles'],
    });
  });

  it('answers 400 for an empty body', async () => {
    const response = await send(mock, '/inbox/users/import', { method: 'POST' });
    expect(response.status).toBe(400);
  });
});

describe('profile shape', () => {
  it('names the index of each bad profile and stores none of the batch', async () => {
    await expectValidationErrors(
      [
        profile(),
        profile({ number: '98765-43210' }),
        profile({ number: '1234' }),
        profile({ number: '98x' }),
      ],
      [
        '[1] profile.userDetails.contact.phone.number must be digits',
        '[3] profile.userDetails.contact.phone.number must be digits',
      ],
    );
  });

  it('enforces 4 to 14 digits for number', async () => {
    await expectValidationErrors(
      [profile({ number: '123' }), profile({ number: '123456789012345' }), profile({ number: '' })],
      [
        '[0] profile.userDetails.contact.phone.number must be 4 to 14 digits long',
        '[1] profile.userDetails.contact.phone.number must be 4 to 14 digits long',
        '[2] profile.userDetails.contact.phone.number must be digits',
      ],
    );
  });

  it("enforces 1 to 3 digits without '+' for prefix", async () => {
    await expectValidationErrors(
      [profile({ prefix: '+91' }), profile({ prefix: '1234' }), profile({ prefix: '' })],
      [
        "[0] profile.userDetails.contact.phone.prefix must be 1 to 3 digits without '+'",
        "[1] profile.userDetails.contact.phone.prefix must be 1 to 3 digits without '+'",
        "[2] profile.userDetails.contact.phone.prefix must be 1 to 3 digits without '+'",
      ],
    );
  });

  it('rejects numbers where strings are due', async () => {
    const item = withDetails((details) => {
      details['userProvidedName'] = 42;
      details['contact'] = { email: 'a@b.co', phone: { number: 9876543210, prefix: 91 } };
    });
    await expectValidationErrors(
      [item],
      [
        '[0] profile.userDetails.userProvidedName must be a string',
        '[0] profile.userDetails.contact.phone.prefix must be a string',
        '[0] profile.userDetails.contact.phone.number must be a string',
      ],
    );
  });

  it('rejects unknown keys at every level', async () => {
    const item = {
      profile: {
        userDetails: {
          userProvidedName: 'A',
          contact: { email: '', phone: { number: '9876543210', prefix: '91', countryCode: 'IN' } },
          tags: [],
          attributes: [],
          segments: ['x'],
        },
      },
      platform: 'whatsapp',
    };
    await expectValidationErrors(
      [item],
      [
        '[0] platform is not allowed',
        '[0] profile.userDetails.segments is not allowed',
        '[0] profile.userDetails.contact.phone.countryCode is not allowed',
      ],
    );
  });

  it('requires every documented field', async () => {
    await expectValidationErrors(
      [{}, { profile: { userDetails: { contact: { phone: {} } } } }, 'not an object'],
      [
        '[0] profile is required',
        '[1] profile.userDetails.userProvidedName is required',
        '[1] profile.userDetails.tags is required',
        '[1] profile.userDetails.attributes is required',
        '[1] profile.userDetails.contact.email is required',
        '[1] profile.userDetails.contact.phone.number is required',
        '[1] profile.userDetails.contact.phone.prefix is required',
        '[2] must be an object',
      ],
    );
  });

  it('requires tags to be an array of non-empty strings', async () => {
    await expectValidationErrors(
      [
        profile({ tags: ['ok', ''] }),
        withDetails((details) => (details['tags'] = 'VIP')),
        withDetails((d) => (d['tags'] = [1])),
      ],
      [
        '[0] profile.userDetails.tags[1] must be a non-empty string',
        '[1] profile.userDetails.tags must be an array of strings',
        '[2] profile.userDetails.tags[0] must be a non-empty string',
      ],
    );
  });

  it('requires attributes to be {key, value} strings', async () => {
    await expectValidationErrors(
      [
        withDetails((details) => (details['attributes'] = { ID: 'BP001' })),
        withDetails(
          (details) =>
            (details['attributes'] = [{ key: 'ID', value: 1 }, { key: '', value: 'x' }, { name: 'a' }]),
        ),
      ],
      [
        '[0] profile.userDetails.attributes must be an array of {key, value} objects',
        '[1] profile.userDetails.attributes[0].value must be a string',
        '[1] profile.userDetails.attributes[1].key must not be empty',
        '[1] profile.userDetails.attributes[2].name is not allowed',
        '[1] profile.userDetails.attributes[2].key is required',
        '[1] profile.userDetails.attributes[2].value is required',
      ],
    );
  });

  it('accepts an empty email but rejects a malformed one', async () => {
    expect((await importContacts(mock, [profile({ email: '' })])).status).toBe(200);
    await mock.reset();
    await expectValidationErrors(
      [profile({ email: 'not-an-email' })],
      ['[0] profile.userDetails.contact.email must be a valid email address or empty'],
    );
  });

  it('accepts the documented example body verbatim', async () => {
    const documented = [
      {
        profile: {
          userDetails: {
            userProvidedName: 'User Name',
            contact: { email: 'user@email.com', phone: { number: '1234567890', prefix: '91' } },
            tags: [],
            attributes: [],
          },
        },
      },
    ];
    expect((await importContacts(mock, documented)).status).toBe(200);
  });
});
