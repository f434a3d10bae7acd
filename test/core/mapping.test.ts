import { describe, expect, it } from 'vitest';
import { chooseHeaderRow, detectMapping, fieldForHeader, resolveMapping } from '../../src/core/mapping';
import { DETAILS_HEADER, type FieldKey, STATUS_HEADER } from '../../src/shared/contracts';

describe('fieldForHeader: synonyms ignoring case, spacing, accents and punctuation', () => {
  const cases: [string, FieldKey][] = [
    ['Name', 'name'],
    ['  FULL   name ', 'name'],
    ['Contact Name', 'name'],
    ['Customer name', 'name'],
    ['Nombre', 'name'],
    ['Nombre completo', 'name'],
    ['Nome', 'name'],
    ['Nome Completo', 'name'],
    ['Nom', 'name'],
    ['Nom complet', 'name'],
    ['First Name', 'firstName'],
    ['first_name', 'firstName'],
    ['Given name', 'firstName'],
    ['Nombre de pila', 'firstName'],
    ['Primeiro nome', 'firstName'],
    ['Prénom', 'firstName'],
    ['Last name', 'lastName'],
    ['Surname', 'lastName'],
    ['Family Name', 'lastName'],
    ['Apellido', 'lastName'],
    ['Apellidos', 'lastName'],
    ['Sobrenome', 'lastName'],
    ['Nom de famille', 'lastName'],
    ['Phone', 'phone'],
    ['Phone Number', 'phone'],
    ['Phone #', 'phone'],
    ['phone-number', 'phone'],
    ['Mobile', 'phone'],
    ['Mobile Number', 'phone'],
    ['Cell', 'phone'],
    ['Cell phone', 'phone'],
    ['WhatsApp', 'phone'],
    ['WhatsApp Number', 'phone'],
    ['Tel', 'phone'],
    ['Tel.', 'phone'],
    ['Telephone', 'phone'],
    ['Telefone', 'phone'],
    ['Teléfono', 'phone'],
    ['Celular', 'phone'],
    ['Móvil', 'phone'],
    ['Portable', 'phone'],
    ['Country code', 'countryCode'],
    ['Dial code', 'countryCode'],
    ['Calling code', 'countryCode'],
    ['Prefix', 'countryCode'],
    ['Código de país', 'countryCode'],
    ['Indicatif', 'countryCode'],
    ['DDI', 'countryCode'],
    ['Country', 'country'],
    ['País', 'country'],
    ['Pays', 'country'],
    ['Email', 'email'],
    ['E-mail', 'email'],
    ['E-Mail Address', 'email'],
    ['Mail', 'email'],
    ['Email address', 'email'],
    ['Correo', 'email'],
    ['Correo electrónico', 'email'],
    ['Courriel', 'email'],
    ['Tags', 'tags'],
    ['Tag', 'tags'],
    ['Labels', 'tags'],
    ['Label', 'tags'],
    ['Etiquetas', 'tags'],
    ['Étiquettes', 'tags'],
  ];
  it.each(cases)('%s → %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it.each([['City'], ['Signup date'], [''], ['Number'], ['Notes']])('%s is not a field', (header) => {
    expect(fieldForHeader(header)).toBeNull();
  });
});

describe('detectMapping', () => {
  it('maps fields and turns every other header into an attribute, except the status columns', () => {
    const headers = ['Name', 'Phone', 'Email', 'City', '', 'Plan', STATUS_HEADER, DETAILS_HEADER, 'Tags'];
    expect(detectMapping(headers)).toEqual({
      fields: { name: 'Name', phone: 'Phone', email: 'Email', tags: 'Tags' },
      attributes: ['City', 'Plan'],
    });
  });

  it('prefers a WhatsApp column over a mobile over a phone column; the others become attributes', () => {
    expect(detectMapping(['Phone', 'Mobile', 'WhatsApp'])).toEqual({
      fields: { phone: 'WhatsApp' },
      attributes: ['Phone', 'Mobile'],
    });
    expect(detectMapping(['Phone', 'Telephone'])).toEqual({
      fields: { phone: 'Phone' },
      attributes: ['Telephone'],
    });
  });

  it('reads "Prénom" + "Nom" as first and last name', () => {
    expect(detectMapping(['Prénom', 'Nom', 'Portable']).fields).toEqual({
      firstName: 'Prénom',
      lastName: 'Nom',
      phone: 'Portable',
    });
  });

  it('reads "Nombre" + "Apellidos" as first and last name', () => {
    expect(detectMapping(['Nombre', 'Apellidos', 'Celular']).fields).toEqual({
      firstName: 'Nombre',
      lastName: 'Apellidos',
      phone: 'Celular',
    });
  });

  it('keeps a full-name column beside first/last names', () => {
    expect(detectMapping(['Full name', 'First name', 'Last name']).fields).toEqual({
      name: 'Full name',
      firstName: 'First name',
      lastName: 'Last name',
    });
  });

  it('keeps the first of two columns with the same header text', () => {
    expect(detectMapping(['Phone', 'Note', 'Note']).attributes).toEqual(['Note']);
  });

  it('copes with no headers', () => {
    expect(detectMapping([])).toEqual({ fields: {}, attributes: [] });
  });
});

describe('resolveMapping', () => {
  const headers = ['Name', 'WhatsApp', 'Email', 'City', 'Plan', STATUS_HEADER];

  it('uses detection when nothing is saved', () => {
    const resolved = resolveMapping(headers, null);
    expect(resolved.columns).toMatchObject({
      fields: { name: 0, phone: 1, email: 2 },
      attributes: [
        { key: 'City', index: 3 },
        { key: 'Plan', index: 4 },
      ],
    });
    expect(resolved.mapping).toEqual(detectMapping(headers));
    expect(resolved.problems).toEqual([]);
  });

  it('lets a saved mapping override detection', () => {
    const resolved = resolveMapping(headers, {
      fields: { phone: 'WhatsApp', name: 'City' },
      attributes: ['Plan'],
    });
    expect(resolved.columns).toMatchObject({
      fields: { name: 3, phone: 1 },
      attributes: [{ key: 'Plan', index: 4 }],
    });
    expect(resolved.mapping).toEqual({ fields: { name: 'City', phone: 'WhatsApp' }, attributes: ['Plan'] });
    expect(resolved.problems).toEqual([]);
  });

  it('finds a saved column whose header only changed case or spacing', () => {
    const resolved = resolveMapping(['whatsapp ', 'PLAN'], {
      fields: { phone: 'WhatsApp' },
      attributes: ['Plan'],
    });
    expect(resolved.columns).toMatchObject({ fields: { phone: 0 }, attributes: [{ key: 'PLAN', index: 1 }] });
    expect(resolved.problems).toEqual([]);
  });

  it('reports saved columns that no longer exist, falling back to detection where it can', () => {
    const resolved = resolveMapping(headers, {
      fields: { phone: 'Mobile', email: 'Work email' },
      attributes: ['Plan', 'Region'],
    });
    expect(resolved.columns).toMatchObject({
      fields: { phone: 1, email: 2 },
      attributes: [{ key: 'Plan', index: 4 }],
    });
    expect(resolved.problems).toEqual([
      "The saved mapping reads Phone from a column named 'Mobile', which is no longer in the sheet; using 'WhatsApp' instead.",
      "The saved mapping reads Email from a column named 'Work email', which is no longer in the sheet; using 'Email' instead.",
      "The attribute column 'Region' is no longer in the sheet, so it is left out.",
    ]);
  });

  it('says when a missing saved column has no replacement, and when nothing is mapped to Phone', () => {
    const resolved = resolveMapping(['Name', 'City'], { fields: { phone: 'Mobile' }, attributes: [] });
    expect(resolved.columns.fields).toEqual({});
    expect(resolved.problems).toEqual([
      "The saved mapping reads Phone from a column named 'Mobile', which is no longer in the sheet; choose another column for Phone.",
      'No column is mapped to Phone, so no row can be imported: choose the column with WhatsApp numbers.',
    ]);
  });

  it('never maps the add-on’s own status columns', () => {
    const resolved = resolveMapping(headers, { fields: { phone: 'WhatsApp' }, attributes: [STATUS_HEADER] });
    expect(resolved.columns.attributes).toEqual([]);
    expect(resolved.problems).toHaveLength(1);
  });
});

describe('chooseHeaderRow', () => {
  it.each([
    [0, null, 1],
    [1, null, 1],
    [3, null, 3],
    [0, 2, 2],
    [3, 5, 5],
    [2, 0, 2],
    [-1, null, 1],
    [0, 1.5, 1],
  ])('frozen %i, configured %s → row %i', (frozen, configured, expected) => {
    expect(chooseHeaderRow(frozen, configured)).toBe(expected);
  });
});
