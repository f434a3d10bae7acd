import Ajv from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildContact,
  type CellValue,
  contactFingerprint,
  type ImportProfile,
  type PipelineSettings,
  processRows,
  type RowOutcome,
} from '../../src/core/contacts';
import { resolveMapping } from '../../src/core/mapping';
import { IMPORT_PROFILE_SCHEMA } from '../../src/core/payload';
import { noCountryCodeReason } from '../../src/core/phone';
import { generateMixedRows } from '../../tools/fixtures/mixed-rows';

const validatePayload = new Ajv({ allErrors: true, strict: true }).compile(IMPORT_PROFILE_SCHEMA);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const settings: PipelineSettings = { defaultCountry: 'IN', defaultTags: ['Sheets'], formatDate: isoDate };
const noDefaults: PipelineSettings = { defaultCountry: null, defaultTags: [], formatDate: isoDate };

const HEADERS = [
  'Name',
  'Phone',
  'Country code',
  'Country',
  'Email',
  'Tags',
  'Signup',
  'Plan',
  'BotPenguin Status',
];
const { columns } = resolveMapping(HEADERS, null);

/** A row from named cells; unnamed cells are empty, as Sheets returns them. */
function row(cells: Partial<Record<(typeof HEADERS)[number], CellValue>>): CellValue[] {
  return HEADERS.map((header) => cells[header] ?? '');
}

function expectValid(outcome: RowOutcome): Extract<RowOutcome, { kind: 'valid' }> {
  if (outcome.kind !== 'valid') throw new Error(`expected a valid row, got ${JSON.stringify(outcome)}`);
  expect(validatePayload(outcome.payload), JSON.stringify(validatePayload.errors)).toBe(true);
  return outcome;
}

describe('buildContact', () => {
  it('builds the documented payload', () => {
    const outcome = expectValid(
      buildContact(
        row({
          Name: '  Ana   García ',
          Phone: '+91 98765 43210',
          Email: ' Ana@Example.COM ',
          Tags: 'vip; Lead, VIP',
          Signup: new Date(Date.UTC(2024, 0, 31)),
          Plan: 'Pro',
          'BotPenguin Status': 'Imported',
        }),
        columns,
        settings,
      ),
    );
    expect(outcome).toEqual({
      kind: 'valid',
      key: '919876543210',
      label: 'Ana García',
      notes: [],
      phone: {
        e164: '+919876543210',
        international: '+91 98765 43210',
        region: 'IN',
        countryName: 'India',
        countrySource: 'plus',
      },
      payload: {
        profile: {
          userDetails: {
            userProvidedName: 'Ana García',
            contact: { email: 'Ana@example.com', phone: { number: '9876543210', prefix: '91' } },
            tags: ['vip', 'Lead', 'Sheets'],
            attributes: [
              { key: 'Signup', value: '2024-01-31' },
              { key: 'Plan', value: 'Pro' },
            ],
          },
        },
      },
    });
  });

  it('sends an empty email and the international number as name when those are missing', () => {
    const outcome = expectValid(buildContact(row({ Phone: 919876543210 }), columns, noDefaults));
    const details = outcome.payload.profile.userDetails;
    expect(details.userProvidedName).toBe('+91 98765 43210');
    expect(details.contact.email).toBe('');
    expect(details.tags).toEqual([]);
    expect(details.attributes).toEqual([]);
    expect(outcome.label).toBe('919876543210');
  });

  it('combines first and last names', () => {
    const { columns: split } = resolveMapping(['First name', 'Last name', 'Mobile'], null);
    const outcome = expectValid(buildContact([' Ana ', ' García', '+34 612 345 678'], split, noDefaults));
    expect(outcome.payload.profile.userDetails.userProvidedName).toBe('Ana García');
  });

  it('reads the country from the Country code column, then the Country column, then the default', () => {
    const phoneOf = (cells: Partial<Record<string, CellValue>>, rowSettings = settings) => {
      const outcome = expectValid(buildContact(row(cells), columns, rowSettings));
      return outcome.payload.profile.userDetails.contact.phone;
    };
    expect(phoneOf({ Phone: '020 7946 0958', 'Country code': '+44', Country: 'India' })).toEqual({
      prefix: '44',
      number: '2079460958',
    });
    expect(phoneOf({ Phone: '020 7946 0958', Country: 'United Kingdom' })).toEqual({
      prefix: '44',
      number: '2079460958',
    });
    expect(phoneOf({ Phone: '020 7946 0958', 'Country code': 44 })).toEqual({
      prefix: '44',
      number: '2079460958',
    });
    expect(phoneOf({ Phone: '98765-43210', 'Country code': 'IN' })).toEqual({
      prefix: '91',
      number: '9876543210',
    });
    expect(phoneOf({ Phone: '98765-43210', 'Country code': 'India' })).toEqual({
      prefix: '91',
      number: '9876543210',
    });
    expect(phoneOf({ Phone: '98765-43210' })).toEqual({ prefix: '91', number: '9876543210' });
  });

  it('notes a dropped extension', () => {
    const outcome = expectValid(buildContact(row({ Phone: '+44 20 7946 0958 ext. 12' }), columns, settings));
    expect(outcome.notes).toEqual([
      'Phone: extension 12 left out, because WhatsApp numbers have no extension',
    ]);
  });

  it('lists every reason a row is invalid', () => {
    expect(
      buildContact(
        row({ Name: 'Bob', Phone: '12345', 'Country code': 'XX', Country: 'Narnia', Email: 'bob@' }),
        columns,
        settings,
      ),
    ).toEqual({
      kind: 'invalid',
      label: 'Bob',
      reasons: [
        "Country code: 'XX' is not a country calling code — use digits like 91 or +91, or a country like IN or India",
        "Country: 'Narnia' is not a country — use a two-letter code like IN or an English name like India",
        'Phone: 12345 is too short for India (IN)',
        "Email: 'bob@' is not an email address",
      ],
    });
  });

  it('needs a phone number', () => {
    expect(buildContact(row({ Name: 'Ana', Email: 'ana@example.com' }), columns, settings)).toEqual({
      kind: 'invalid',
      label: 'Ana',
      reasons: ['No phone number: WhatsApp contacts need one'],
    });
  });

  it('needs a country for national numbers', () => {
    expect(buildContact(row({ Phone: '98765 43210' }), columns, noDefaults)).toEqual({
      kind: 'invalid',
      label: '98765 43210',
      reasons: [noCountryCodeReason()],
    });
  });

  it('is blank when every mapped cell is empty, whatever the status columns say', () => {
    expect(buildContact(row({ 'BotPenguin Status': 'Imported' }), columns, settings)).toEqual({
      kind: 'blank',
    });
    expect(buildContact(row({ Name: '   ' }), columns, settings)).toEqual({ kind: 'blank' });
    expect(buildContact([], columns, settings)).toEqual({ kind: 'blank' });
  });

  it('is not blank when only an attribute has a value', () => {
    expect(buildContact(row({ Plan: 'Pro' }), columns, settings).kind).toBe('invalid');
  });

  it('tolerates rows shorter than the header row', () => {
    expect(expectValid(buildContact(['Ana', '+91 98765 43210'], columns, settings)).label).toBe('Ana');
  });
});

describe('processRows', () => {
  it('marks later rows with the same phone as duplicates of the first valid one', () => {
    const outcomes = processRows(
      [
        { rowNumber: 11, values: row({ Phone: '12345', Name: 'Too short' }) },
        { rowNumber: 12, values: row({ Phone: '+91 98765 43210', Name: 'Ana' }) },
        { rowNumber: 13, values: row({}) },
        { rowNumber: 14, values: row({ Phone: 919876543210, Name: 'Ana again' }) },
        { rowNumber: 15, values: row({ Phone: '+44 20 7946 0958' }) },
      ],
      columns,
      settings,
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'invalid',
      'valid',
      'blank',
      'duplicate',
      'valid',
    ]);
    expect(outcomes[3]).toEqual({
      kind: 'duplicate',
      firstRow: 12,
      label: 'Ana again',
      reasons: ['Duplicate of row 12 (same phone +91 98765 43210)'],
    });
  });
});

describe('a run of rows', () => {
  const tagCells = fc.constantFrom('', 'vip', 'vip, Lead; VIP', ' Lead ', '* myContacts ::: Friends', 'a\nb');
  const runRow = fc.record({
    Name: fc.constantFrom('Ana', '  Ana  García ', ''),
    Phone: fc.constantFrom(
      '+91 98765 43210',
      '98765 43211',
      '020 7946 0958',
      '12345',
      '',
      '0044 20 7946 0958',
    ),
    'Country code': fc.constantFrom('', '44', '+91', 'ZZ', 91),
    Country: fc.constantFrom('', 'India', 'UK', 'Atlantis'),
    Tags: fc.oneof(tagCells, fc.string({ maxLength: 12 }), fc.date()),
    Plan: fc.oneof(
      fc.constantFrom('', 'Pro', ' Pro ', 'pro', 'PRO', 'Free', '#N/A', 0.1 + 0.2, true),
      fc.string({ maxLength: 6 }),
    ),
    Signup: fc.oneof(fc.constant(''), fc.date({ min: new Date(2020, 0, 1), max: new Date(2020, 0, 3) })),
  });

  it('gives each row what a pipeline of its own gives it (what a run remembers changes nothing)', () => {
    fc.assert(
      fc.property(fc.array(runRow, { maxLength: 40 }), (cells) => {
        const input = cells.map((values, index) => ({ rowNumber: index + 2, values: row(values) }));
        const outcomes = processRows(input, columns, settings);
        outcomes.forEach((outcome, index) => {
          const alone = buildContact(input[index].values, columns, settings);
          if (outcome.kind === 'duplicate') expect(alone.kind).toBe('valid');
          else expect(outcome).toEqual(alone);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('shares one frozen tag list among the payloads of the same tag cell: none can change another', () => {
    const [first, second] = processRows(
      [
        { rowNumber: 2, values: row({ Phone: '+91 98765 43210', Tags: 'vip, lead', Plan: 'Pro' }) },
        { rowNumber: 3, values: row({ Phone: '+91 98765 43211', Tags: 'vip, lead' }) },
      ],
      columns,
      settings,
    ).map(expectValid);
    expect(() => first.payload.profile.userDetails.tags.push('changed')).toThrow(TypeError);
    expect(second.payload.profile.userDetails.tags).toEqual(['vip', 'lead', 'Sheets']);
    expect(Object.isFrozen(first.payload.profile.userDetails.attributes[0])).toBe(true);
  });
});

describe('contactFingerprint', () => {
  const payload = (
    tags: string[],
    attributes: { key: string; value: string }[],
    name = 'Ana',
  ): ImportProfile => ({
    profile: {
      userDetails: {
        userProvidedName: name,
        contact: { email: '', phone: { number: '9876543210', prefix: '91' } },
        tags,
        attributes,
      },
    },
  });

  it('is a stable 16-hex-digit hash that ignores the order of tags and attributes', () => {
    const a = contactFingerprint(
      payload(
        ['x', 'y'],
        [
          { key: 'A', value: '1' },
          { key: 'B', value: '2' },
        ],
      ),
    );
    const b = contactFingerprint(
      payload(
        ['y', 'x'],
        [
          { key: 'B', value: '2' },
          { key: 'A', value: '1' },
        ],
      ),
    );
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
    expect(a).toBe('904a3be9a688ef42'); // pinned: stored fingerprints must stay comparable
  });

  it('changes when anything sent changes', () => {
    const base = contactFingerprint(payload(['x'], [{ key: 'A', value: '1' }]));
    expect(contactFingerprint(payload(['x'], [{ key: 'A', value: '2' }]))).not.toBe(base);
    expect(contactFingerprint(payload(['X'], [{ key: 'A', value: '1' }]))).not.toBe(base);
    expect(contactFingerprint(payload(['x'], [{ key: 'A', value: '1' }], 'Bob'))).not.toBe(base);
  });
});

describe('properties', () => {
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.string(),
    fc.stringMatching(/^[+0-9 ()\-.]{0,20}$/),
    fc.constantFrom(
      '',
      '  ',
      '+91 98765 43210',
      '0091 9876543210',
      '020 7946 0958',
      'IN',
      'India',
      '44',
      'bob@',
      'a@b.co',
    ),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.date(),
    fc.constant(null),
  );
  const settingsArbitrary = fc.record({
    defaultCountry: fc.constantFrom(null, 'IN', 'GB', 'US', 'ZZ', ''),
    defaultTags: fc.array(fc.string(), { maxLength: 3 }),
    formatDate: fc.constant((date: Date) => (Number.isNaN(date.getTime()) ? 'invalid' : isoDate(date))),
  });
  const rows = fc.array(fc.array(cell, { maxLength: HEADERS.length + 2 }), { maxLength: 30 });

  it('never throws, yields one outcome per row, and every valid payload matches the schema', () => {
    fc.assert(
      fc.property(rows, settingsArbitrary, (values, rowSettings) => {
        const input = values.map((cells, index) => ({ rowNumber: index + 2, values: cells }));
        const outcomes = processRows(input, columns, rowSettings);
        expect(outcomes).toHaveLength(input.length);
        for (const outcome of outcomes) {
          if (outcome.kind === 'valid') expectValid(outcome);
          if (outcome.kind === 'invalid') expect(outcome.reasons.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('importing a normalised payload again gives the same payload', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: HEADERS.length }), (cells) => {
        const first = buildContact(cells, columns, settings);
        if (first.kind !== 'valid') return;
        const details = first.payload.profile.userDetails;
        const again = buildContact(
          row({
            Name: details.userProvidedName,
            Phone: `+${details.contact.phone.prefix}${details.contact.phone.number}`,
            Email: details.contact.email,
            Tags: details.tags.join(', '),
          }),
          resolveMapping(HEADERS.slice(0, 6), null).columns,
          settings,
        );
        expect(again.kind).toBe('valid');
        if (again.kind === 'valid') {
          expect(again.payload.profile.userDetails.contact).toEqual(details.contact);
          expect(again.payload.profile.userDetails.userProvidedName).toBe(details.userProvidedName);
          expect(again.payload.profile.userDetails.tags).toEqual(details.tags);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('mixed rows fixture', () => {
  it('is reproducible and contains the mess real sheets have', () => {
    const first = generateMixedRows(2_000, 7);
    expect(generateMixedRows(2_000, 7)).toEqual(first);
    const { columns: mixedColumns } = resolveMapping(first.headers, null);
    const outcomes = processRows(
      first.rows.map((values, index) => ({ rowNumber: index + 2, values })),
      mixedColumns,
      settings,
    );
    const kinds = new Set(outcomes.map((outcome) => outcome.kind));
    expect([...kinds].sort()).toEqual(['blank', 'duplicate', 'invalid', 'valid']);
    expect(first.rows.some((cells) => typeof cells[1] === 'number')).toBe(true);
    expect(first.rows.some((cells) => cells.some((value) => value instanceof Date))).toBe(true);
    for (const outcome of outcomes) if (outcome.kind === 'valid') expectValid(outcome);
  });
});
