/**
 * Contacts you can trust: WhatsApp opt-in, a bad email that does not block a good phone, and
 * date cells written in the spreadsheet's time zone.
 */
import { describe, expect, it } from 'vitest';
import { type ConsentReading, readConsent } from '../../src/core/consent';
import {
  buildContact,
  type CellValue,
  DEFAULT_TRUST_SETTINGS,
  type PipelineSettings,
  processRows,
  type RowOutcome,
} from '../../src/core/contacts';
import { detectMapping, fieldForHeader, resolveMapping } from '../../src/core/mapping';
import { generateMixedRows } from '../../tools/fixtures/mixed-rows';

/** What the server passes: the calendar date in the spreadsheet's zone (Utilities.formatDate). */
function formatterFor(timeZone: string): (date: Date) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (date) => format.format(date);
}

const base: PipelineSettings = {
  defaultCountry: 'IN',
  defaultTags: [],
  formatDate: formatterFor('UTC'),
  blankConsentMeans: 'no',
};
const PHONE = '+91 98765 43210';

function outcomeFor(cells: Record<string, CellValue>, settings: Partial<PipelineSettings> = {}): RowOutcome {
  const headers = Object.keys(cells);
  const { columns } = resolveMapping(headers, null);
  return buildContact(Object.values(cells), columns, { ...base, ...settings });
}

function validOf(outcome: RowOutcome): Extract<RowOutcome, { kind: 'valid' }> {
  if (outcome.kind !== 'valid') throw new Error(`expected valid, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('the consent column is recognised', () => {
  it.each([
    'Opt-in',
    'Opted in',
    'Opt in',
    'OPT IN',
    'Consent',
    'WhatsApp opt-in',
    'WhatsApp consent',
    'Subscribed',
    'Opt-in WhatsApp',
    'Consentimiento',
    'Acepta WhatsApp',
    'Suscrito',
    'Consentimento',
    'Aceita WhatsApp',
    'Inscrito',
    'Consentement',
    'Abonné',
    'Accepte WhatsApp',
  ])('%s', (header) => {
    expect(fieldForHeader(header)).toBe('consent');
  });

  it('leaves look-alikes alone', () => {
    expect(fieldForHeader('WhatsApp')).toBe('phone');
    expect(fieldForHeader('Subscription')).toBeNull();
    expect(fieldForHeader('Plan')).toBeNull();
  });

  it('is a field, not an attribute', () => {
    expect(detectMapping(['Name', 'Phone', 'Opt-in', 'City'])).toEqual({
      fields: { name: 'Name', phone: 'Phone', consent: 'Opt-in' },
      attributes: ['City'],
    });
  });
});

describe('opt-in cell values', () => {
  const yes: CellValue[] = [
    true,
    'TRUE',
    'true',
    'Yes',
    'yes',
    'Y',
    1,
    '1',
    'Subscribed',
    'Opted in',
    'opted-in',
  ];
  const yesElsewhere: CellValue[] = [
    'Sí',
    'Si',
    'sí',
    'Suscrito',
    'Sim',
    'Inscrito',
    'Oui',
    'Abonné',
    'Inscrit',
  ];
  it.each([...yes, ...yesElsewhere])('%s means yes', (value) => {
    expect(readConsent(value, 'no')).toEqual({ consented: true });
  });

  const no: [CellValue, string][] = [
    [false, 'FALSE'],
    ['FALSE', 'FALSE'],
    ['false', 'false'],
    ['No', 'No'],
    ['N', 'N'],
    [0, '0'],
    ['0', '0'],
    ['Unsubscribed', 'Unsubscribed'],
    ['Opted out', 'Opted out'],
    ['Desuscrito', 'Desuscrito'],
    ['Cancelado', 'Cancelado'],
    ['Não', 'Não'],
    ['Nao', 'Nao'],
    ['Non', 'Non'],
    ['Désabonné', 'Désabonné'],
  ];
  it.each(no)('%s means no, quoted as %s', (value, shown) => {
    expect(readConsent(value, 'no')).toEqual({
      consented: false,
      reason: `No WhatsApp opt-in: the opt-in cell says '${shown}', so the row is not imported`,
    });
  });

  it.each([
    ['maybe', 'maybe'],
    ['Yes please', 'Yes please'],
    [2, '2'],
  ] as const)('%s is not a clear yes, so no, quoting the cell', (value, shown) => {
    expect(readConsent(value, 'no')).toEqual({
      consented: false,
      reason: `No WhatsApp opt-in: the opt-in cell says '${shown}', which is not a clear yes, so the row is not imported — write Yes or No (set it to Yes only once the person has agreed to WhatsApp messages)`,
    });
  });

  it('a date is quoted in the spreadsheet’s zone', () => {
    const reading = readConsent(new Date('2024-01-30T20:00:00Z'), 'no', formatterFor('Asia/Kolkata'));
    expect(reading).toMatchObject({ consented: false });
    expect((reading as Extract<ConsentReading, { consented: false }>).reason).toContain("says '2024-01-31'");
  });

  it('blank means no unless the setting says yes', () => {
    const emptyNo: ConsentReading = {
      consented: false,
      reason:
        'No WhatsApp opt-in: the opt-in cell is empty, so the row is not imported — set it to Yes only once the person has agreed to WhatsApp messages',
    };
    for (const blank of ['', '  ', null, undefined]) {
      expect(readConsent(blank, 'no')).toEqual(emptyNo);
      expect(readConsent(blank, 'yes')).toEqual({ consented: true });
    }
    expect(DEFAULT_TRUST_SETTINGS.blankConsentMeans).toBe('no');
  });
});

describe('the pipeline and opt-in', () => {
  it('skips a row that did not opt in, whatever else is wrong with it', () => {
    expect(outcomeFor({ Name: 'Ana', Phone: 'nonsense', Email: 'x@', 'Opt-in': 'No' })).toEqual({
      kind: 'no-consent',
      label: 'Ana',
      reasons: ["No WhatsApp opt-in: the opt-in cell says 'No', so the row is not imported"],
    });
  });

  it('imports a row that opted in, without sending the opt-in column', () => {
    const outcome = validOf(outcomeFor({ Name: 'Ana', Phone: PHONE, Consentement: 'Oui', City: 'Pune' }));
    expect(outcome.payload.profile.userDetails.attributes).toEqual([{ key: 'City', value: 'Pune' }]);
  });

  it('never sends the opt-in column, even when a saved mapping lists it as an attribute', () => {
    const headers = ['Phone', 'Opt-in', 'City'];
    const { columns } = resolveMapping(headers, {
      fields: { phone: 'Phone', consent: 'Opt-in' },
      attributes: ['Opt-in', 'City'],
    });
    const outcome = validOf(buildContact([PHONE, true, 'Pune'], columns, base));
    expect(outcome.payload.profile.userDetails.attributes).toEqual([{ key: 'City', value: 'Pune' }]);
  });

  it('follows blankConsentMeans for an empty cell', () => {
    expect(outcomeFor({ Phone: PHONE, 'Opt-in': '' }, { blankConsentMeans: 'no' }).kind).toBe('no-consent');
    expect(outcomeFor({ Phone: PHONE, 'Opt-in': '' }, { blankConsentMeans: 'yes' }).kind).toBe('valid');
  });

  it('is not checked until the caller passes blankConsentMeans (an importer that predates it)', () => {
    const withoutSetting = { blankConsentMeans: undefined };
    expect(outcomeFor({ Phone: PHONE, 'Opt-in': 'No' }, withoutSetting).kind).toBe('valid');
    expect(outcomeFor({ Phone: PHONE, 'Opt-in': 'No' }, { ...DEFAULT_TRUST_SETTINGS }).kind).toBe(
      'no-consent',
    );
  });

  it('changes nothing when no consent column is mapped', () => {
    expect(outcomeFor({ Phone: PHONE, City: 'No' }).kind).toBe('valid');
  });

  it('skips exactly the rows of the mixed sheet whose Opted In cell is not TRUE', () => {
    const { headers, rows } = generateMixedRows(500, 3);
    const { columns } = resolveMapping(headers, null);
    const optIn = headers.indexOf('Opted In');
    expect(columns.fields.consent).toBe(optIn);
    const outcomes = processRows(
      rows.map((values, index) => ({ rowNumber: index + 2, values })),
      columns,
      { ...base, ...DEFAULT_TRUST_SETTINGS },
    );
    const skipped = outcomes.filter((outcome) => outcome.kind === 'no-consent').length;
    const mappedEmpty = (values: CellValue[]) =>
      Object.values(columns.fields).every((index) => values[index] === '' || values[index] === null) &&
      columns.attributes.every(
        (attribute) => values[attribute.index] === '' || values[attribute.index] === null,
      );
    const notYes = rows.filter((values) => values[optIn] !== true && !mappedEmpty(values)).length;
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBe(notYes);
  });

  it('does not count skipped rows as the first of a duplicate', () => {
    const { columns } = resolveMapping(['Phone', 'Opt-in'], null);
    const outcomes = processRows(
      [
        { rowNumber: 2, values: [PHONE, 'No'] },
        { rowNumber: 3, values: [PHONE, 'Yes'] },
        { rowNumber: 4, values: [PHONE, 'Yes'] },
      ],
      columns,
      base,
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['no-consent', 'valid', 'duplicate']);
  });
});

describe('a bad email does not block a WhatsApp contact', () => {
  it('leave-out: imported without the email, with a note that says which and what to do', () => {
    const outcome = validOf(
      outcomeFor({ Name: 'Karl', Phone: PHONE, Email: 'karl@' }, { invalidEmail: 'leave-out' }),
    );
    expect(outcome.payload.profile.userDetails.contact.email).toBe('');
    expect(outcome.notes).toEqual([
      "Email 'karl@' left out: not an address — the contact is imported without it; fix the cell and import again to add it",
    ]);
  });

  it('reject: invalid as before', () => {
    expect(outcomeFor({ Name: 'Karl', Phone: PHONE, Email: 'karl@' }, { invalidEmail: 'reject' })).toEqual({
      kind: 'invalid',
      label: 'Karl',
      reasons: ["Email: 'karl@' is not an email address"],
    });
  });

  it('without the setting, keeps the old behaviour until the importer shows notes', () => {
    expect(outcomeFor({ Name: 'Karl', Phone: PHONE, Email: 'karl@' }).kind).toBe('invalid');
    expect(DEFAULT_TRUST_SETTINGS.invalidEmail).toBe('leave-out');
  });

  it('a bad phone still makes the row invalid, with both reasons', () => {
    expect(outcomeFor({ Phone: '12345', Email: 'karl@' }, { invalidEmail: 'leave-out' })).toEqual({
      kind: 'invalid',
      label: '12345',
      reasons: ['Phone: 12345 is too short for India (IN)', "Email: 'karl@' is not an email address"],
    });
  });

  it('a good email is kept', () => {
    const outcome = validOf(
      outcomeFor({ Phone: PHONE, Email: 'k@example.com' }, { invalidEmail: 'leave-out' }),
    );
    expect(outcome.payload.profile.userDetails.contact.email).toBe('k@example.com');
    expect(outcome.notes).toEqual([]);
  });
});

describe('date cells are written in the spreadsheet’s time zone', () => {
  // Midnight 31 Jan in Kolkata is 30 Jan 18:30 UTC; 20:00 on 31 Jan in Los Angeles is 1 Feb UTC.
  const zones = [
    { zone: 'Asia/Kolkata', date: new Date('2024-01-30T18:30:00Z') },
    { zone: 'America/Los_Angeles', date: new Date('2024-02-01T04:00:00Z') },
  ];
  it.each(zones)('$zone: name, first/last name, tags, attributes and quoted values', ({ zone, date }) => {
    const formatDate = formatterFor(zone);
    const named = validOf(outcomeFor({ Name: date, Phone: PHONE, Tags: date, Joined: date }, { formatDate }));
    const details = named.payload.profile.userDetails;
    expect(details.userProvidedName).toBe('2024-01-31');
    expect(details.tags).toEqual(['2024-01-31']);
    expect(details.attributes).toEqual([{ key: 'Joined', value: '2024-01-31' }]);
    expect(named.label).toBe('2024-01-31');

    const parts = validOf(
      outcomeFor({ 'First name': date, 'Last name': 'Rao', Phone: PHONE }, { formatDate }),
    );
    expect(parts.payload.profile.userDetails.userProvidedName).toBe('2024-01-31 Rao');

    expect(outcomeFor({ Phone: PHONE, Email: date }, { formatDate, invalidEmail: 'reject' })).toMatchObject({
      reasons: ["Email: '2024-01-31' is not an email address"],
    });
    expect(outcomeFor({ Phone: PHONE, Country: date }, { formatDate })).toMatchObject({
      reasons: [
        "Country: '2024-01-31' is not a country — use a two-letter code like IN or an English name like India",
      ],
    });
  });
});
