/**
 * Header row → fields. Detection matches headers ignoring case, spacing, accents and punctuation
 * against synonyms in English, Spanish, Portuguese and French. Decision: detection turns every
 * other non-empty header into an attribute (except the add-on's own status columns), because a
 * marketer expects "everything in my sheet" to arrive; the sidebar lets them switch columns off.
 */
import {
  type ColumnMapping,
  DETAILS_HEADER,
  FIELD_KEYS,
  type FieldKey,
  STATUS_HEADER,
} from '../shared/contracts';
import { type MessageKey, t } from '../shared/i18n';
import { compactText } from './countries';

/** How each contact field is named in a sentence. */
const FIELD_LABEL_KEYS: Record<FieldKey, MessageKey> = {
  name: 'field.name',
  firstName: 'field.firstName',
  lastName: 'field.lastName',
  phone: 'field.phone',
  countryCode: 'field.countryCode',
  country: 'field.country',
  email: 'field.email',
  tags: 'field.tags',
  consent: 'field.consent',
};

/** Field → 0-based column index; attributes with their key (the header text) and index. */
export interface ResolvedColumns {
  fields: Partial<Record<FieldKey, number>>;
  attributes: { key: string; index: number }[];
}

export interface ResolvedMapping {
  mapping: ColumnMapping;
  columns: ResolvedColumns;
  problems: string[];
}

/**
 * Synonyms per field, best first: when two headers match one field, the one whose synonym comes
 * earlier in its list wins (a "WhatsApp" column beats a "Phone" column), then the left-most.
 */
const SYNONYMS: Readonly<Record<FieldKey, readonly string[]>> = {
  phone: [
    'whatsapp',
    'whatsapp number',
    'whatsapp no',
    'whatsapp phone',
    'wa number',
    'numero whatsapp',
    'numero de whatsapp',
    'whatsapp numero',
    'numero do whatsapp',
    'mobile',
    'mobile number',
    'mobile no',
    'mobile phone',
    'mobile phone number',
    'cell',
    'cell phone',
    'cellphone',
    'cell number',
    'celular',
    'numero de celular',
    'numero celular',
    'movil',
    'telefono movil',
    'numero de movil',
    'telefone celular',
    'portable',
    'telephone portable',
    'numero de portable',
    'handphone',
    'phone',
    'phone number',
    'phone no',
    'phone num',
    'ph',
    'ph no',
    'tel',
    'tel no',
    'telephone',
    'telephone number',
    'telefono',
    'numero de telefono',
    'telefone',
    'numero de telefone',
    'numero de telephone',
    'contact number',
    'contact no',
  ],
  name: [
    'name',
    'full name',
    'contact name',
    'customer name',
    'client name',
    'lead name',
    'display name',
    'nombre',
    'nombre completo',
    'nombre del cliente',
    'nome',
    'nome completo',
    'nome do cliente',
    'nom complet',
    'nom',
    'nom du client',
  ],
  firstName: [
    'first name',
    'firstname',
    'given name',
    'forename',
    'nombre de pila',
    'primer nombre',
    'primeiro nome',
    'prenom',
  ],
  lastName: [
    'last name',
    'lastname',
    'surname',
    'family name',
    'apellido',
    'apellidos',
    'primer apellido',
    'sobrenome',
    'ultimo nome',
    'apelido',
    'nom de famille',
  ],
  countryCode: [
    'country code',
    'country calling code',
    'dial code',
    'dialing code',
    'dialling code',
    'calling code',
    'phone prefix',
    'prefix',
    'isd',
    'isd code',
    'codigo de pais',
    'codigo pais',
    'codigo do pais',
    'codigo de area internacional',
    'prefijo',
    'prefijo internacional',
    'prefixo',
    'ddi',
    'indicatif',
    'indicatif pays',
    'indicatif telephonique',
    'indicativo',
    'indicativo de pais',
    'code pays',
  ],
  country: ['country', 'country name', 'pais', 'pays', 'nation'],
  email: [
    'email',
    'e-mail',
    'mail',
    'email address',
    'e-mail address',
    'mail address',
    'email id',
    'correo',
    'correo electronico',
    'direccion de correo',
    'endereco de email',
    'endereco de e-mail',
    'courriel',
    'adresse email',
    'adresse e-mail',
    'adresse mail',
    'adresse electronique',
  ],
  tags: ['tags', 'tag', 'labels', 'label', 'etiquetas', 'etiqueta', 'etiquettes', 'etiquette', 'marcadores'],
  // Words that say "this person agreed to WhatsApp messages"; not "subscription" (often a plan).
  consent: [
    'whatsapp opt-in',
    'opt-in whatsapp',
    'whatsapp consent',
    'opt-in',
    'opted in',
    'opt in status',
    'consent',
    'marketing consent',
    'subscribed',
    'whatsapp subscribed',
    'consentimiento whatsapp',
    'consentimiento',
    'acepta whatsapp',
    'autoriza whatsapp',
    'suscrito',
    'consentimento whatsapp',
    'consentimento',
    'aceita whatsapp',
    'autoriza o whatsapp',
    'inscrito',
    'consentement whatsapp',
    'consentement',
    'accepte whatsapp',
    'abonne',
    'inscrit',
  ],
};

/** "nom" is "name" on its own but "last name" beside "prénom" (French forms). */
const SURNAME_BESIDE_FIRST_NAME = new Set(['nom']);

const OWN_COLUMNS = new Set([compactText(STATUS_HEADER), compactText(DETAILS_HEADER)]);

const synonymIndex = new Map<string, { field: FieldKey; rank: number }>();
for (const field of FIELD_KEYS) {
  SYNONYMS[field].forEach((synonym, rank) => {
    const key = compactText(synonym);
    if (!synonymIndex.has(key)) synonymIndex.set(key, { field, rank });
  });
}

/** The field a header names, or null. */
export function fieldForHeader(header: string): FieldKey | null {
  return synonymIndex.get(compactText(header))?.field ?? null;
}

/** True for the add-on's own 'BotPenguin Status' / 'BotPenguin Details' columns. */
export function isOwnColumn(header: string): boolean {
  return OWN_COLUMNS.has(compactText(header));
}

/**
 * 1-based header row: the configured one when set, else the last frozen row, else row 1.
 */
export function chooseHeaderRow(frozenRows: number, configured: number | null): number {
  if (configured !== null && Number.isInteger(configured) && configured >= 1) return configured;
  if (Number.isInteger(frozenRows) && frozenRows >= 1) return frozenRows;
  return 1;
}

function detectIndices(headers: readonly string[]): ResolvedColumns {
  const best: Partial<Record<FieldKey, { index: number; rank: number }>> = {};
  headers.forEach((header, index) => {
    const match = synonymIndex.get(compactText(header ?? ''));
    if (!match) return;
    const current = best[match.field];
    if (!current || match.rank < current.rank) best[match.field] = { index, rank: match.rank };
  });
  const fields: Partial<Record<FieldKey, number>> = {};
  for (const field of FIELD_KEYS) {
    const found = best[field];
    if (found) fields[field] = found.index;
  }
  adjustNameParts(headers, fields);
  const used = new Set(Object.values(fields));
  const attributes: { key: string; index: number }[] = [];
  const seenKeys = new Set<string>();
  headers.forEach((header, index) => {
    const key = String(header ?? '').trim();
    if (!key || used.has(index) || isOwnColumn(key) || seenKeys.has(key)) return;
    seenKeys.add(key);
    attributes.push({ key, index });
  });
  return { fields, attributes };
}

/**
 * "Nombre" + "Apellido": the name column holds given names, so it becomes the first name.
 * "Prénom" + "Nom": "nom" is the family name.
 */
function adjustNameParts(headers: readonly string[], fields: Partial<Record<FieldKey, number>>): void {
  const nameIndex = fields.name;
  if (nameIndex === undefined) return;
  if (fields.lastName !== undefined && fields.firstName === undefined) {
    fields.firstName = nameIndex;
    delete fields.name;
  } else if (
    fields.firstName !== undefined &&
    fields.lastName === undefined &&
    SURNAME_BESIDE_FIRST_NAME.has(compactText(headers[nameIndex]))
  ) {
    fields.lastName = nameIndex;
    delete fields.name;
  }
}

function toMapping(headers: readonly string[], columns: ResolvedColumns): ColumnMapping {
  const fields: Partial<Record<FieldKey, string>> = {};
  for (const field of FIELD_KEYS) {
    const index = columns.fields[field];
    if (index !== undefined) fields[field] = String(headers[index]).trim();
  }
  return { fields, attributes: columns.attributes.map((attribute) => attribute.key) };
}

/** The mapping detection proposes for a header row. */
export function detectMapping(headers: string[]): ColumnMapping {
  return toMapping(headers, detectIndices(headers));
}

/** Column of a saved header text: exact text first, then ignoring case, spacing and accents. */
function findColumn(headers: readonly string[], header: string): number {
  const exact = headers.findIndex((candidate) => String(candidate ?? '').trim() === header.trim());
  if (exact !== -1) return exact;
  const wanted = compactText(header);
  if (!wanted) return -1;
  return headers.findIndex((candidate) => compactText(String(candidate ?? '')) === wanted);
}

/**
 * What an import uses: the saved mapping where its columns still exist, detection otherwise
 * (or for a field whose saved column is gone, with a sentence in `problems` saying so).
 */
export function resolveMapping(headers: string[], saved: ColumnMapping | null): ResolvedMapping {
  const detected = detectIndices(headers);
  const problems: string[] = [];
  let columns: ResolvedColumns;
  if (!saved) {
    columns = detected;
  } else {
    const fields: Partial<Record<FieldKey, number>> = {};
    for (const field of FIELD_KEYS) {
      const header = saved.fields[field];
      if (header === undefined || header === '') continue;
      const index = findColumn(headers, header);
      if (index !== -1 && !isOwnColumn(header)) {
        fields[field] = index;
        continue;
      }
      const fallback = detected.fields[field];
      const label = t(FIELD_LABEL_KEYS[field]);
      if (fallback !== undefined) {
        fields[field] = fallback;
        problems.push(
          t('mapping.columnGoneFallback', {
            field: label,
            header,
            fallback: String(headers[fallback]).trim(),
          }),
        );
      } else {
        problems.push(t('mapping.columnGone', { field: label, header }));
      }
    }
    const attributes: { key: string; index: number }[] = [];
    const seen = new Set<number>();
    for (const header of saved.attributes) {
      const index = findColumn(headers, header);
      if (index === -1 || isOwnColumn(header)) {
        problems.push(t('mapping.attributeGone', { header }));
      } else if (!seen.has(index)) {
        seen.add(index);
        attributes.push({ key: String(headers[index]).trim(), index });
      }
    }
    columns = { fields, attributes };
  }
  if (columns.fields.phone === undefined) {
    problems.push(t('mapping.noPhone'));
  }
  return { mapping: toMapping(headers, columns), columns, problems };
}
