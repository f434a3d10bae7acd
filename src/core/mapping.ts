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
import { EMAIL_PATTERN, isEmptyCell, type RawCell } from './fields';
import { countryHintFromCell } from './phone';
import { looksLikePhoneCell } from './phone-cell';

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
  /** Other phone columns, best first: a row whose phone cell is blank takes its number from these. */
  phoneFallbacks?: number[];
  /** Phone column → its label column ("Phone 1 - Value" → "Phone 1 - Label"), which says Mobile, Work… per row. */
  phoneLabels?: Record<number, number>;
  /** Google Contacts' "Middle Name", joined between the first and last name. */
  middleName?: number;
  /** The header row as read (for naming the column a number came from). */
  headers?: readonly string[];
  /** Why detection chose a column (for the sidebar's Columns section). */
  evidence?: Partial<Record<FieldKey, ColumnEvidence>>;
}

/** What detection saw in a chosen column: the word that named it and the share of cells that fit. */
interface ColumnEvidence {
  /** For the phone: 'whatsapp' | 'mobile' | 'phone' — the kind of number its header names. */
  word: PhoneWord | null;
  /** Share (0–1) of the sampled non-blank cells that read as this field; null when all were blank. */
  share: number | null;
}

/** Rows detection looks at to confirm a column by its cells (the first ones below the header). */
export type SampleRows = readonly (readonly RawCell[])[];
export const SAMPLE_ROWS = 500;

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
  // Every other phone header has a word of PHONE_WORDS, which rank it (candidateFor).
  phone: ['contact number', 'contact no', 'numero de contacto', 'numero de contato'],
  name: [
    'name',
    'full name',
    'contact name',
    'customer name',
    'client name',
    'lead name',
    'display name',
    'your name',
    'nombre y apellido',
    'nombre y apellidos',
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
  country: ['country', 'country name', 'country region', 'cc', 'pais', 'pays', 'nation'],
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
  tags: [
    'tags',
    'tag',
    'labels',
    'label',
    'categories',
    'etiquetas',
    'etiqueta',
    'etiquettes',
    'etiquette',
    'marcadores',
  ],
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

/** The field a header names by its words alone (before its cells are looked at), or null. */
export function fieldForHeader(header: string): FieldKey | null {
  return candidateFor(header)?.field ?? null;
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

/**
 * Header → the words that name it: Google Contacts' numbering and "- Value" ("Phone 1 - Value"),
 * and a form question's parenthesis ("WhatsApp number (with country code)") are not part of it.
 */
function headerKey(header: string): string {
  const outside = header.replace(/\([^)]*\)/g, ' ').trim() || header;
  return compactText(
    outside
      .replace(/[_]+/g, ' ')
      .replace(/(^|\s)\d+(?=\s|$)/g, ' ')
      .replace(/\s-\s*(?:value|valor|valeur)\s*$/i, ''),
  );
}

function headerWordList(header: string): string[] {
  const outside = header.replace(/\([^)]*\)/g, ' ').trim() || header;
  return outside
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\be[\s_-]?mail/g, 'email')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && !/^\d+$/.test(word));
}

type PhoneWord = 'whatsapp' | 'mobile' | 'phone';

const PHONE_WORDS: Readonly<Record<string, PhoneWord>> = {
  whatsapp: 'whatsapp',
  wa: 'whatsapp',
  wpp: 'whatsapp',
  zap: 'whatsapp',
  mobile: 'mobile',
  mobil: 'mobile',
  cell: 'mobile',
  cellphone: 'mobile',
  cellular: 'mobile',
  celular: 'mobile',
  movil: 'mobile',
  portable: 'mobile',
  handphone: 'mobile',
  hp: 'mobile',
  phone: 'phone',
  telephone: 'phone',
  telefono: 'phone',
  telefone: 'phone',
  tel: 'phone',
  ph: 'phone',
  fone: 'phone',
};
const PHONE_WORD_RANK: Record<PhoneWord, number> = { whatsapp: 0, mobile: 10, phone: 20 };
/** A header with one of these names something about a number, not the number. */
const NOT_THE_VALUE = new Set(
  'label type tipo id kind fax pager ext extension verified opt optin optout consent accepts accept subscribed marketing status code prefix prefijo prefixo indicatif ddi isd country pais pays source date'.split(
    ' ',
  ),
);
/** Numbers WhatsApp reaches less often: desk, home and shop lines come after a plain "Phone". */
const DESK_WORDS = new Set(
  'work office business home landline fixed fijo fixo fixe address company other trabajo casa bureau domicile residencial comercial main'.split(
    ' ',
  ),
);
const EMAIL_WORDS = new Set(['email', 'mail', 'correo', 'courriel']);
const COUNTRY_WORDS = new Set(['country', 'pais', 'pays', 'nation']);

interface Candidate {
  field: FieldKey;
  rank: number;
  word?: PhoneWord;
}

/** What a header may name, by its words; value checks confirm it later. */
function candidateFor(header: string): Candidate | null {
  const exact = synonymIndex.get(headerKey(header));
  const words = headerWordList(header);
  const phoneWord = words
    .map((word) => PHONE_WORDS[word])
    .filter((word) => word !== undefined)
    .sort((a, b) => PHONE_WORD_RANK[a] - PHONE_WORD_RANK[b])[0];
  const excluded = words.some((word) => NOT_THE_VALUE.has(word));
  if (phoneWord && !excluded && (!exact || exact.field === 'phone')) {
    const desk = words.some((word) => DESK_WORDS.has(word)) ? 5 : 0;
    return { field: 'phone', rank: PHONE_WORD_RANK[phoneWord] + desk, word: phoneWord };
  }
  if (exact)
    return exact.field === 'phone' ? { field: 'phone', rank: PHONE_WORD_RANK.phone, word: 'phone' } : exact;
  if (excluded && !words.some((word) => COUNTRY_WORDS.has(word))) return null;
  if (words.some((word) => EMAIL_WORDS.has(word))) return { field: 'email', rank: 100 };
  const nameField = nameFieldOf(words);
  if (nameField) return { field: nameField, rank: 100 };
  if (words.some((word) => COUNTRY_WORDS.has(word))) {
    const code = words.includes('code') || words.includes('iso') || words.includes('codigo');
    return { field: code ? 'countryCode' : 'country', rank: 100 };
  }
  return null;
}

/** Words around "name" in a form's question or a CRM's prefix ("What's your name?", "Person - Name"). */
const NAME_FILLERS = new Set(
  'what whats s is your full complete contact customer client lead person display tu su seu sua votre nombre nome nom'.split(
    ' ',
  ),
);
const FIRST_WORDS = new Set(['first', 'given', 'fore']);
const LAST_WORDS = new Set(['last', 'family', 'sur']);

function nameFieldOf(words: readonly string[]): FieldKey | null {
  if (!words.includes('name')) return null;
  const others = words.filter((word) => word !== 'name');
  const first = others.filter((word) => FIRST_WORDS.has(word)).length;
  const last = others.filter((word) => LAST_WORDS.has(word)).length;
  const rest = others.filter((word) => !FIRST_WORDS.has(word) && !LAST_WORDS.has(word));
  if (!rest.every((word) => NAME_FILLERS.has(word))) return null;
  if (first && !last) return 'firstName';
  if (last && !first) return 'lastName';
  return first || last ? null : 'name';
}

/** Fields detection confirms by the cells of the column, with the test a cell must pass. */
const CELL_TESTS: Partial<Record<FieldKey, (value: RawCell) => boolean>> = {
  phone: looksLikePhoneCell,
  email: (value) => typeof value === 'string' && EMAIL_PATTERN.test(value.trim().replace(/^mailto:/i, '')),
};
/** "Most of its non-blank cells". */
const CONFIRMING_SHARE = 0.5;
const UNCONFIRMED = 1000;

function columnCells(sample: SampleRows, index: number): RawCell[] {
  const cells: RawCell[] = [];
  for (const row of sample) if (!isEmptyCell(row[index])) cells.push(row[index]);
  return cells;
}

function share(cells: readonly RawCell[], test: (value: RawCell) => boolean): number | null {
  if (cells.length === 0) return null;
  let fit = 0;
  for (const cell of cells) if (test(cell)) fit++;
  return fit / cells.length;
}

/**
 * Country or calling code, decided by the cells: "CA", "DEU", "Germany" are countries, "52" and
 * "+91" calling codes, whatever the header says. Null when the cells are neither.
 */
function countryFieldByCells(cells: readonly RawCell[]): { field: FieldKey; share: number } | null {
  let regions = 0;
  let codes = 0;
  for (const cell of cells) {
    const hint = countryHintFromCell(cell);
    if (hint === null || hint === 'unrecognised') continue;
    if (hint.kind === 'region') regions++;
    else codes++;
  }
  const total = cells.length;
  if (regions / total > CONFIRMING_SHARE) return { field: 'country', share: regions / total };
  if (codes / total > CONFIRMING_SHARE) return { field: 'countryCode', share: codes / total };
  return null;
}

function detectIndices(headers: readonly string[], sample: SampleRows = []): ResolvedColumns {
  const found: { index: number; candidate: Candidate; share: number | null }[] = [];
  headers.forEach((header, index) => {
    const candidate = header ? candidateFor(header) : null;
    if (!candidate) return;
    const cells = sample.length > 0 ? columnCells(sample, index) : [];
    if (candidate.field === 'country' || candidate.field === 'countryCode') {
      if (cells.length === 0) {
        found.push({ index, candidate, share: null });
        return;
      }
      const byCells = countryFieldByCells(cells);
      if (byCells)
        found.push({ index, candidate: { ...candidate, field: byCells.field }, share: byCells.share });
      return;
    }
    const test = CELL_TESTS[candidate.field];
    const fit = test ? share(cells, test) : null;
    // A column whose cells do not confirm its header comes after every one whose cells do; it is
    // still chosen when it is the only one, so its cells get their own reasons ("'karl@' is not…").
    const rank = fit === null || fit > CONFIRMING_SHARE ? candidate.rank : candidate.rank + UNCONFIRMED;
    found.push({ index, candidate: { ...candidate, rank }, share: fit });
  });
  const best: Partial<Record<FieldKey, (typeof found)[number]>> = {};
  for (const entry of found) {
    const current = best[entry.candidate.field];
    if (!current || entry.candidate.rank < current.candidate.rank) best[entry.candidate.field] = entry;
  }
  const fields: Partial<Record<FieldKey, number>> = {};
  const evidence: Partial<Record<FieldKey, ColumnEvidence>> = {};
  for (const field of FIELD_KEYS) {
    const entry = best[field];
    if (!entry) continue;
    fields[field] = entry.index;
    evidence[field] = { word: entry.candidate.word ?? null, share: entry.share };
  }
  adjustNameParts(headers, fields);
  const phoneFallbacks = found
    .filter((entry) => entry.candidate.field === 'phone' && entry.index !== fields.phone)
    .sort((a, b) => a.candidate.rank - b.candidate.rank || a.index - b.index)
    .map((entry) => entry.index);
  const middle = headers.findIndex((header) => MIDDLE_NAMES.has(headerKey(header ?? '')));
  const used = new Set(Object.values(fields));
  const attributes: { key: string; index: number }[] = [];
  const seenKeys = new Set<string>();
  headers.forEach((header, index) => {
    const key = String(header ?? '').trim();
    if (!key || used.has(index) || isOwnColumn(key) || seenKeys.has(key)) return;
    if (index === middle && fields.firstName !== undefined) return;
    seenKeys.add(key);
    attributes.push({ key, index });
  });
  const columns: ResolvedColumns = {
    fields,
    attributes,
    phoneFallbacks,
    evidence,
    headers,
    phoneLabels: labelColumns(headers, [fields.phone ?? -1, ...phoneFallbacks]),
  };
  if (middle !== -1 && fields.firstName !== undefined) columns.middleName = middle;
  return columns;
}

/** "Phone 1 - Value" → the column "Phone 1 - Label" beside it, for each phone column that has one. */
function labelColumns(headers: readonly string[], phoneColumns: readonly number[]): Record<number, number> {
  const labels: Record<number, number> = {};
  for (const index of phoneColumns) {
    const header = String(headers[index] ?? '');
    if (!/\bvalue\s*$/i.test(header)) continue;
    const wanted = compactText(header.replace(/value\s*$/i, 'label'));
    const label = headers.findIndex((other) => compactText(String(other ?? '')) === wanted);
    if (label !== -1) labels[index] = label;
  }
  return labels;
}

const MIDDLE_NAMES = new Set(['middlename', 'middlenames', 'segundonome', 'segundonombre', 'deuxiemeprenom']);

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
export function detectMapping(headers: string[], sample: SampleRows = []): ColumnMapping {
  return toMapping(headers, detectIndices(headers, sample));
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
export function resolveMapping(
  headers: string[],
  saved: ColumnMapping | null,
  sample: SampleRows = [],
): ResolvedMapping {
  const detected = detectIndices(headers, sample);
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
    const fallbacks = [detected.fields.phone ?? -1, ...(detected.phoneFallbacks ?? [])]
      .filter((index) => index !== -1)
      .filter((index) => index !== fields.phone && !Object.values(fields).includes(index));
    columns = {
      fields,
      attributes,
      phoneFallbacks: fallbacks,
      evidence: detected.evidence,
      headers,
      phoneLabels: labelColumns(headers, [fields.phone ?? -1, ...fallbacks]),
    };
    if (detected.middleName !== undefined && fields.firstName !== undefined && !fields.name)
      columns.middleName = detected.middleName;
  }
  if (columns.fields.phone === undefined) {
    problems.push(t('mapping.noPhone'));
  }
  return { mapping: toMapping(headers, columns), columns, problems };
}

const SHARE_REASONS: Partial<Record<FieldKey, MessageKey>> = {
  phone: 'columns.reason.numbers',
  email: 'columns.reason.addresses',
  country: 'columns.reason.countries',
  countryCode: 'columns.reason.callingCodes',
};
const PHONE_WORD_REASONS: Record<PhoneWord, MessageKey> = {
  whatsapp: 'columns.reason.whatsapp',
  mobile: 'columns.reason.mobile',
  phone: 'columns.reason.phone',
};

/**
 * Why each mapped column was chosen, for the sidebar: "Phone: 'Mobile Phone Number' — the header
 * says mobile, 97 % of cells are phone numbers, also found 'Phone Number', used on rows where
 * this cell is blank". A column the user saved says so instead.
 */
export function explainColumns(
  headers: readonly string[],
  resolved: ResolvedMapping,
  sample: SampleRows,
): string[] {
  const detected = detectIndices(headers, sample);
  const { columns } = resolved;
  const lines: string[] = [];
  for (const field of FIELD_KEYS) {
    const index = columns.fields[field];
    if (index === undefined) continue;
    const reasons: string[] = [];
    const evidence = detected.fields[field] === index ? detected.evidence?.[field] : undefined;
    if (!evidence) reasons.push(t('columns.reason.saved'));
    else {
      reasons.push(t(evidence.word ? PHONE_WORD_REASONS[evidence.word] : 'columns.reason.header'));
      const shareKey = SHARE_REASONS[field];
      if (shareKey && evidence.share !== null)
        reasons.push(t(shareKey, { share: Math.round(evidence.share * 100) }));
    }
    if (field === 'phone' && columns.phoneFallbacks?.length) {
      const others = columns.phoneFallbacks.map((other) => `'${String(headers[other]).trim()}'`);
      reasons.push(t('columns.alsoFound', { columns: others.join(t('list.comma')) }));
    }
    lines.push(
      t('columns.explain', {
        field: t(FIELD_LABEL_KEYS[field]),
        column: String(headers[index]).trim(),
        reasons: reasons.join(t('list.comma')),
      }),
    );
  }
  return lines;
}
