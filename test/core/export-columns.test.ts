/**
 * Columns found by their words and their cells, and phone cells as exports write them (issue 20).
 * Property tests: noise columns never move the chosen phone, email or country column; ISO codes
 * are countries and calling codes are calling codes whatever the header says; a cell of two
 * numbers never gives a third.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processRows } from '../../src/core/contacts';
import { splitTags } from '../../src/core/fields';
import { detectMapping, fieldForHeader, resolveMapping } from '../../src/core/mapping';
import { regionHint } from '../../src/core/phone';
import { looksLikePhoneCell, phoneTexts, readPhoneCell } from '../../src/core/phone-cell';
import type { FieldKey } from '../../src/shared/contracts';

const india = regionHint('IN');

describe('phone cells as exports write them', () => {
  const cases: [string, string][] = [
    ['p:+919876543210', '+919876543210'],
    ['tel:+91-98765-43210', '+919876543210'],
    ['whatsapp:+919876543210', '+919876543210'],
    ['WhatsApp: +91 98765 43210', '+919876543210'],
    ['wa.me/919876543210', '+919876543210'],
    ['https://wa.me/919876543210?text=Hi', '+919876543210'],
    ["'+91 98765 43210", '+919876543210'],
    ['+44 20 7946 0958 ext. 12', '+442079460958'],
    ['+44 20 7946 0958 x123', '+442079460958'],
  ];
  it.each(cases)('%s → %s', (cell, e164) => {
    const result = readPhoneCell(cell, null, false);
    expect(result.ok && result.sent.e164).toBe(e164);
  });

  it('takes the one mobile number of several and names the others', () => {
    const result = readPhoneCell('+44 20 7946 0958 ::: +44 7911 123456', null, false);
    expect(result.ok && result.sent.e164).toBe('+447911123456');
    expect(result.ok && result.chosenFrom?.others).toEqual(['+44 20 7946 0958']);
  });

  it('makes a cell of two numbers of unknown kind Invalid, naming both', () => {
    const result = readPhoneCell('+1 415-555-0132 ::: +1 415-555-0199', null, false);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('+1 415 555 0132');
    expect(!result.ok && result.reason).toContain('+1 415 555 0199');
  });

  it('splits on / ; , and line breaks only between whole numbers', () => {
    expect(phoneTexts('98765 43210 / 98765 43211')).toEqual(['98765 43210', '98765 43211']);
    expect(phoneTexts('+91 98765 43210;\n+91 98765 43211')).toEqual(['+91 98765 43210', '+91 98765 43211']);
    expect(phoneTexts('0171/1234567')).toEqual(['0171/1234567']);
    expect(phoneTexts('+1 415 555 0132, ext. 12')).toEqual(['+1 415 555 0132, ext. 12']);
  });

  it('two mobiles are Invalid: WhatsApp may be on either', () => {
    expect(readPhoneCell('98765 43210, 98765 43211', india, false).ok).toBe(false);
  });

  it('tells numbers from ids, labels and dates', () => {
    for (const cell of ['p:+919876543210', '+1 (415) 555-0132', 919876543210, '98765 43210', '0171/1234567'])
      expect(looksLikePhoneCell(cell), String(cell)).toBe(true);
    for (const cell of ['120208123456789012', 'Mobile', '2024-05-01', 'ag:120208123456789012', 12.5, '42'])
      expect(looksLikePhoneCell(cell), String(cell)).toBe(false);
  });
});

/** Valid numbers, each with its E.164 form, written in ways sheets hold them. */
const NUMBERS: [string, string][] = [
  ['+91 98765 43210', '+919876543210'],
  ['+44 7911 123456', '+447911123456'],
  ['+55 11 98765-4321', '+5511987654321'],
  ['+49 151 23456789', '+4915123456789'],
  ['+34 612 34 56 78', '+34612345678'],
  ['+971 50 123 4567', '+971501234567'],
  ['+234 803 123 4567', '+2348031234567'],
  ['+61 412 345 678', '+61412345678'],
  ['+1 415 555 0132', '+14155550132'],
  ['+44 20 7946 0958', '+442079460958'],
];
const SEPARATORS = [' ::: ', ' / ', '/', '; ', ', ', ',', '\n', ' | ', ' or ', ' '];

describe('property: no cell with two numbers ever produces a third', () => {
  it('the number read is one of the two, or the cell is Invalid', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NUMBERS),
        fc.constantFrom(...NUMBERS),
        fc.constantFrom(...SEPARATORS),
        fc.constantFrom('', 'p:', 'tel:', 'WhatsApp: '),
        fc.constantFrom(null, 'IN', 'US', 'GB'),
        ([a, aE164], [b, bE164], separator, prefix, region) => {
          const result = readPhoneCell(`${prefix}${a}${separator}${b}`, regionHint(region), false);
          if (result.ok) expect([aE164, bE164]).toContain(result.sent.e164);
        },
      ),
      { numRuns: 400, seed: 20 },
    );
  });
});

/** Real export shapes (header → cells) that noise columns are added to. */
const BASES: { name: string; columns: [string, unknown[]][]; expected: Partial<Record<FieldKey, string>> }[] =
  [
    {
      name: 'HubSpot',
      columns: [
        ['First Name', ['Anna', 'Jonas', 'Lea']],
        ['Email', ['anna@example.de', 'jonas@example.de', '']],
        ['Phone Number', ['+49 30 1234567', '', '030 7654321']],
        ['Mobile Phone Number', ['0151 23456789', '0170 1234567', '']],
        ['Country/Region', ['Germany', 'Germany', 'Austria']],
      ],
      expected: { phone: 'Mobile Phone Number', email: 'Email', country: 'Country/Region' },
    },
    {
      name: 'Shopify',
      columns: [
        ['Email', ['a@example.com', 'b@example.com', 'c@example.co.uk']],
        ['Default Address Country Code', ['CA', 'US', 'GB']],
        ['Default Address Phone', ['+1 416-555-0100', '', '']],
        ['Phone', ['+14165550123', '512-555-0188', '+44 7911 123456']],
      ],
      expected: { phone: 'Phone', email: 'Email', country: 'Default Address Country Code' },
    },
    {
      name: 'Google Contacts',
      columns: [
        ['E-mail 1 - Value', ['ritu@example.in', '', 'ana@example.es']],
        ['Phone 1 - Label', ['Mobile', '* Home', 'Mobile']],
        ['Phone 1 - Value', ['+91 98765 43210', '+91 98765 43211 ::: +91 22 2345 6789', '+34 612 34 56 78']],
        ['Address 1 - Country', ['India', 'India', 'Spain']],
      ],
      expected: { phone: 'Phone 1 - Value', email: 'E-mail 1 - Value', country: 'Address 1 - Country' },
    },
    {
      name: 'a sheet with a calling code column',
      columns: [
        ['WhatsApp', ['55 1234 5678', '33 1234 5678', '81 1234 5678']],
        ['Country Code', [52, '52', '+52']],
        ['Correo', ['a@example.mx', 'b@example.mx', 'c@example.mx']],
      ],
      expected: { phone: 'WhatsApp', email: 'Correo', countryCode: 'Country Code' },
    },
  ];

const NOISE: [string, (i: number) => unknown][] = [
  ['Record ID', (i) => 51000000001 + i],
  ['id', (i) => `l:12020812345678${9000 + i}`],
  ['ad_id', (i) => `ag:120208123456789${i}`],
  ['Phone 2 - Label', () => 'Work'],
  ['E-mail 1 - Label', () => '* Other'],
  ['created_time', (i) => new Date(Date.UTC(2024, 4, 1 + i))],
  ['Timestamp', () => '5/1/2024 10:12:44'],
  ['Total Spent', (i) => 12.5 * i],
  ['Amount', () => '1,234.50'],
  ['Notes', () => 'Called on Monday, wants a demo'],
  ['Accepts SMS Marketing', () => 'yes'],
  ['Labels', () => '* myContacts'],
];

function chosen(headers: string[], rows: unknown[][]): Partial<Record<FieldKey, string>> {
  const { fields } = detectMapping(headers, rows as never);
  return fields;
}

describe('property: noise columns never change the chosen phone, email or country column', () => {
  it.each(BASES)('$name', ({ columns, expected }) => {
    const rowsOf = (cols: [string, unknown[]][]) => [0, 1, 2].map((i) => cols.map(([, cells]) => cells[i]));
    const base = chosen(
      columns.map(([h]) => h),
      rowsOf(columns),
    );
    for (const [field, header] of Object.entries(expected)) expect(base[field as FieldKey]).toBe(header);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...NOISE), fc.nat()), { maxLength: 6 }), (noise) => {
        const cols = [...columns];
        for (const [[header, cell], at] of noise) {
          cols.splice(at % (cols.length + 1), 0, [header, [0, 1, 2].map(cell)]);
        }
        const fields = chosen(
          cols.map(([h]) => h),
          rowsOf(cols),
        );
        for (const field of ['phone', 'email', 'country', 'countryCode'] as const)
          expect(fields[field]).toBe(base[field]);
      }),
      { numRuns: 200, seed: 20 },
    );
  });
});

describe('property: ISO codes are countries and calling codes are calling codes, whatever the header', () => {
  const headers = [
    'Country Code',
    'Country',
    'Default Address Country Code',
    'Código de país',
    'Country/Region',
  ];
  const isoCodes = ['CA', 'US', 'GB', 'IN', 'MX', 'DE', 'BR', 'ES', 'fr', 'ng'];
  const callingCodes: unknown[] = [1, 44, '91', '+52', '0049', 55, '+34', 33, '234', 971];
  it('a column of ISO codes is the country', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...headers),
        fc.shuffledSubarray(isoCodes, { minLength: 1 }),
        (header, values) => {
          const fields = chosen(
            ['Phone', header],
            values.map((value) => ['+44 7911 123456', value]),
          );
          expect(fields.country).toBe(header);
          expect(fields.countryCode).toBeUndefined();
        },
      ),
      { seed: 20 },
    );
  });
  it('a column of calling codes is the calling code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...headers),
        fc.shuffledSubarray(callingCodes, { minLength: 1 }),
        (header, values) => {
          const fields = chosen(
            ['Phone', header],
            values.map((value) => ['+44 7911 123456', value]),
          );
          expect(fields.countryCode).toBe(header);
          expect(fields.country).toBeUndefined();
        },
      ),
      { seed: 20 },
    );
  });
});

describe('headers read as words', () => {
  const cases: [string, FieldKey | null][] = [
    ['WhatsApp number (with country code)', 'phone'],
    ['phone_number', 'phone'],
    ['Mobile Phone Number', 'phone'],
    ['Phone 2 - Value', 'phone'],
    ['Phone 1 - Label', null],
    ['E-mail 1 - Value', 'email'],
    ['E-mail 1 - Label', null],
    ['Email address', 'email'],
    ['full_name', 'name'],
    ['Display Name', 'name'],
    ["What's your name?", 'name'],
    ['Person - Name', 'name'],
    ['Name Prefix', null],
    ['Nickname', null],
    ['ad_id', null],
    ['Record ID', null],
    ['Country/Region', 'country'],
    ['Address 1 - Country', 'country'],
    ['Accepts SMS Marketing', null],
    ['Accepts Email Marketing', null],
    ['WhatsApp opt-in', 'consent'],
    ['Labels', 'tags'],
  ];
  it.each(cases)('%s → %s', (header, field) => expect(fieldForHeader(header)).toBe(field));
});

describe('several phone columns', () => {
  const headers = ['Full name', 'Phone Number', 'Mobile Phone Number', 'Email'];
  const rows = [
    ['Anna', '+49 30 1234567', '+49 151 23456789', 'anna@example.de'],
    ['Jonas', '+49 30 7654321', '', 'jonas@example.de'],
  ];
  it('prefers the mobile column and falls back to the next one on a blank row, saying so', () => {
    const { columns } = resolveMapping(headers, null, rows);
    const outcomes = processRows(
      rows.map((values, i) => ({ rowNumber: i + 2, values })),
      columns,
      { defaultCountry: null, defaultTags: [], formatDate: (d) => d.toISOString() },
    );
    const [anna, jonas] = outcomes;
    expect(anna.kind === 'valid' && anna.key).toBe('4915123456789');
    expect(jonas.kind === 'valid' && jonas.key).toBe('49307654321');
    expect(jonas.kind === 'valid' && jonas.notes.join(' ')).toContain("'Phone Number'");
  });
});

describe('formula errors and system labels', () => {
  it('leaves a formula error out of the attributes with a note', () => {
    const headers = ['Phone', 'Phone Number', 'Plan'];
    const rows = [['+91 98765 43210', '#ERROR!', '#N/A']];
    const { columns } = resolveMapping(headers, null, rows);
    const [outcome] = processRows([{ rowNumber: 2, values: rows[0] }], columns, {
      defaultCountry: null,
      defaultTags: [],
      formatDate: (d) => d.toISOString(),
    });
    expect(outcome.kind).toBe('valid');
    if (outcome.kind !== 'valid') return;
    expect(JSON.stringify(outcome.payload)).not.toContain('#ERROR!');
    expect(JSON.stringify(outcome.payload)).not.toContain('#N/A');
    expect(outcome.notes.join(' ')).toContain('#N/A');
  });
  it("drops Google's system labels from tags", () => {
    expect(splitTags('* myContacts ::: Friends ::: * starred')).toEqual(['Friends']);
  });
});
