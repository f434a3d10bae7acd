/** Every export in tools/fixtures/exports: the mapping detection chooses, and the contacts its rows make. */
import { describe, expect, it } from 'vitest';
import { processRows } from '../../src/core/contacts';
import { detectMapping, resolveMapping } from '../../src/core/mapping';
import { decodeFile, detectDelimiter, parseDelimited } from '../../tools/fixtures/exports/csv';
import { EXPORT_FORMATS, exportFile } from '../../tools/fixtures/exports/index';

describe.each(EXPORT_FORMATS)('$tool', (format) => {
  it('is read back from its file (delimiter, encoding)', () => {
    const text = decodeFile(exportFile(format));
    expect(detectDelimiter(text)).toBe(format.file.delimiter);
    expect(parseDelimited(text)).toEqual([format.headers, ...format.rows]);
  });

  it('maps its phone, email and name columns', () => {
    const { fields } = detectMapping(format.headers, format.rows);
    expect(fields).toMatchObject(format.mapping);
  });

  it('makes the expected contacts from its rows', () => {
    const { columns } = resolveMapping(format.headers, null, format.rows);
    const outcomes = processRows(
      format.rows.map((values, i) => ({ rowNumber: i + 2, values })),
      columns,
      { defaultCountry: format.defaultCountry ?? null, defaultTags: [], formatDate: (d) => d.toISOString() },
    );
    const made = outcomes.map((outcome) =>
      outcome.kind === 'valid'
        ? {
            name: outcome.payload.profile.userDetails.userProvidedName,
            phone: outcome.key,
            email: outcome.payload.profile.userDetails.contact.email ?? '',
          }
        : outcome,
    );
    expect(made).toEqual(format.contacts);
  });
});

it('the library holds the formats the README lists', () => {
  expect(EXPORT_FORMATS.map((format) => format.id)).toEqual([
    'google-contacts',
    'outlook',
    'google-forms',
    'meta-lead-ads',
    'hubspot',
    'salesforce',
    'zoho-crm',
    'pipedrive',
    'mailchimp',
    'shopify',
    'woocommerce',
    'typeform',
    'jotform',
    'european-excel',
  ]);
});
