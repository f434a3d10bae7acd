/**
 * The row → outcome pipeline: one sheet row becomes a BotPenguin contact payload, or the list of
 * everything a marketer has to fix, or 'blank'. Platform-free: runs in Apps Script and the sidebar.
 */

import type { FieldKey } from '../shared/contracts';
import { t } from '../shared/i18n';
import { fitted } from '../shared/text';
import { type BlankConsentMeaning, readConsent } from './consent';
import {
  attributeText,
  type CellValue,
  cleanName,
  type DateFormatter,
  isEmptyCell,
  joinNames,
  mergeTags,
  normaliseEmail,
  type RawCell,
  splitTags,
} from './fields';
import type { ResolvedColumns } from './mapping';
import { buildImportProfile, type ImportProfile } from './payload';
import { type CountryHint, countryHintFromCell, regionHint, type SentNumber } from './phone';
import { type PhoneCellResult, readPhoneCell } from './phone-cell';

export type { BlankConsentMeaning } from './consent';
export type { CellValue } from './fields';
export type { ImportProfile } from './payload';
export { contactFingerprint } from './payload';

export { describeSentNumber } from './phone';

export interface PipelineSettings {
  /** ISO 3166 region for numbers typed without a country code, e.g. "IN"; null = none. */
  defaultCountry: string | null;
  defaultTags: string[];
  /**
   * Every Date cell → text (names, emails, tags, attributes, quoted values), e.g. yyyy-mm-dd in
   * the spreadsheet's time zone: the server must build it with that zone.
   */
  formatDate: DateFormatter;
  /**
   * What an empty opt-in cell means, when a column is mapped to consent. Setting it turns the
   * opt-in check on: rows that did not opt in become 'no-consent'. Absent = not checked (the
   * behaviour before this setting), so an importer that does not handle 'no-consent' yet never
   * loses rows; the product default is DEFAULT_TRUST_SETTINGS.blankConsentMeans ('no').
   */
  blankConsentMeans?: BlankConsentMeaning;
  /**
   * A row with a good phone and a bad email: 'leave-out' imports it without the email and adds a
   * note; 'reject' makes it invalid. Absent = 'reject' (the behaviour before this setting), so an
   * importer that does not show notes yet never drops an email silently; the product default
   * the sidebar should offer is DEFAULT_TRUST_SETTINGS.invalidEmail.
   */
  invalidEmail?: InvalidEmailHandling;
}

import type { InvalidEmailHandling } from '../shared/contracts';

/** The defaults the sidebar's Defaults should show and save for the two trust settings. */
export const DEFAULT_TRUST_SETTINGS: Readonly<{
  blankConsentMeans: BlankConsentMeaning;
  invalidEmail: InvalidEmailHandling;
}> = { blankConsentMeans: 'no', invalidEmail: 'leave-out' };

export type RowOutcome =
  | {
      kind: 'valid';
      payload: ImportProfile;
      /** prefix + number digits: the identity used to find duplicates. */
      key: string;
      /** The name, or the phone as typed, for messages. */
      label: string;
      /**
       * Things changed on the way that the user should read in Details: a dropped extension, an
       * email left out ("Email 'karl@' left out: not an address…").
       */
      notes: readonly string[];
      /** The number as sent and where its country came from; render with describeSentNumber. */
      phone: SentNumber;
    }
  | { kind: 'invalid'; reasons: string[]; label: string }
  /** The opt-in column does not say yes: mark the row Skipped with `reasons`. */
  | { kind: 'no-consent'; reasons: string[]; label: string }
  | { kind: 'duplicate'; firstRow: number; reasons: string[]; label: string }
  | { kind: 'blank' };

export interface SheetRow {
  /** 1-based row number in the sheet, used in duplicate messages. */
  rowNumber: number;
  values: CellValue[];
}

/** Everything that depends only on the columns and settings, computed once per import. */
interface CompiledPipeline {
  field: (values: readonly RawCell[], key: FieldKey) => RawCell;
  /** The phone column, then the other phone columns a blank phone cell falls back to. */
  phoneColumns: { index: number; header: string; label?: number }[];
  middleName: number | undefined;
  headerOf: (index: number) => string;
  mappedIndices: number[];
  /** The mapped columns a formula error is taken out of: all but the phone columns, whose
   * reading says what is wrong with the cell itself. */
  formulaCheckedIndices: number[];
  attributes: { key: string; index: number }[];
  /** Scratch for attributesOf: a row's attribute texts before the list is made. */
  attributeTexts: string[];
  /** Per attribute column, the entries already made, by value (shared by the payloads). */
  attributeEntries: Map<string, AttributeEntry>[];
  defaultHint: CountryHint | null;
  defaultTags: string[];
  /** Tag cells already read in this run: exports repeat a few tag lists over thousands of rows. */
  tagsByCell: Map<string, string[]>;
  /** The phone column when it is the only one: every row's choice is then the same. */
  onlyPhoneChoice: PhoneColumnChoice | null;
  /** The default country as a row's hint, made once. */
  defaultCountryHint: RowHint;
  formatDate: DateFormatter;
  /** A consent column is mapped and the caller asked for the check: otherwise every row counts. */
  checkConsent: boolean;
  blankConsentMeans: BlankConsentMeaning;
  invalidEmail: InvalidEmailHandling;
}

function compile(columns: ResolvedColumns, settings: PipelineSettings): CompiledPipeline {
  const fieldIndex = columns.fields;
  const mapped = new Set<number>(
    Object.values(fieldIndex).filter((index): index is number => index !== undefined),
  );
  for (const attribute of columns.attributes) mapped.add(attribute.index);
  for (const index of columns.phoneFallbacks ?? []) mapped.add(index);
  if (columns.middleName !== undefined) mapped.add(columns.middleName);
  const phoneColumns = [fieldIndex.phone, ...(columns.phoneFallbacks ?? [])]
    .filter((index): index is number => index !== undefined)
    .map((index) => ({
      index,
      header: String(columns.headers?.[index] ?? '').trim(),
      label: columns.phoneLabels?.[index],
    }));
  const defaultHint = regionHint(settings.defaultCountry);
  // The opt-in column is never sent, even if a saved mapping also lists it as an attribute.
  const attributes = columns.attributes.filter((attribute) => attribute.index !== fieldIndex.consent);
  return {
    field: (values, key) => {
      const index = fieldIndex[key];
      return index === undefined ? undefined : values[index];
    },
    phoneColumns,
    middleName: columns.middleName,
    headerOf: (index) =>
      String(columns.headers?.[index] ?? columns.attributes.find((a) => a.index === index)?.key ?? '').trim(),
    mappedIndices: [...mapped],
    formulaCheckedIndices: [...mapped].filter(
      (index) => !phoneColumns.some((column) => column.index === index),
    ),
    attributes,
    attributeTexts: [],
    attributeEntries: attributes.map(() => new Map()),
    defaultHint,
    defaultTags: Object.freeze(mergeTags(settings.defaultTags ?? [], [])) as string[],
    tagsByCell: new Map(),
    onlyPhoneChoice:
      phoneColumns.length === 1 && phoneColumns[0].label === undefined ? onlyChoice(phoneColumns[0]) : null,
    defaultCountryHint: { hint: defaultHint, fromRow: false },
    formatDate: settings.formatDate,
    checkConsent: fieldIndex.consent !== undefined && settings.blankConsentMeans !== undefined,
    blankConsentMeans: settings.blankConsentMeans ?? DEFAULT_TRUST_SETTINGS.blankConsentMeans,
    invalidEmail: settings.invalidEmail ?? 'reject',
  };
}

/** Most rows have no notes: they share one empty list (100,000 outcomes are held at once). */
const NO_NOTES: readonly string[] = Object.freeze([]);

const BLANK: RowOutcome = Object.freeze({ kind: 'blank' });

function isBlankRow(values: readonly RawCell[], mappedIndices: readonly number[]): boolean {
  for (const index of mappedIndices) if (!isEmptyCell(values[index])) return false;
  return true;
}

/** One row → one outcome, without duplicate detection. Never throws for any cell values. */
export function buildContact(
  values: CellValue[],
  columns: ResolvedColumns,
  settings: PipelineSettings,
): RowOutcome {
  // Compiled per call (cheap): callers may change settings between rows.
  return buildWith(values ?? [], compile(columns, settings));
}

function buildWith(rowValues: readonly RawCell[], pipeline: CompiledPipeline): RowOutcome {
  if (isBlankRow(rowValues, pipeline.mappedIndices)) return BLANK;
  const { field, formatDate } = pipeline;
  const reasons: string[] = [];
  const notes: string[] = [];
  const values = withoutFormulaErrors(rowValues, pipeline, notes);

  const name = nameOf(values, pipeline);
  const choice = choosePhoneColumn(values, pipeline);
  const phoneCell = choice.column ? values[choice.column.index] : undefined;
  const label = name || (isEmptyCell(phoneCell) ? '' : cleanName(phoneCell, formatDate));

  // No opt-in, no import: what else is wrong with the row does not matter then.
  if (pipeline.checkConsent) {
    const consent = readConsent(field(values, 'consent'), pipeline.blankConsentMeans, formatDate);
    if (!consent.consented) return { kind: 'no-consent', reasons: [consent.reason], label };
  }

  const hint = countryHint(values, pipeline, reasons);
  const phone = readPhoneCell(phoneCell, hint.hint, hint.fromRow);
  if (!phone.ok) reasons.push(phone.reason);
  else notes.push(...phoneNotes(phone, choice, pipeline));

  let email = normaliseEmail(field(values, 'email'), formatDate);
  if (!email.ok && pipeline.invalidEmail === 'leave-out' && phone.ok) {
    notes.push(t('contact.emailLeftOut', { email: email.text }));
    email = { ok: true, email: null };
  }
  if (!email.ok) reasons.push(email.reason);

  if (!phone.ok || !email.ok || reasons.length > 0) {
    return { kind: 'invalid', reasons: fitted(reasons), label: label || (email.ok && email.email) || '' };
  }

  const payload = buildImportProfile({
    // A nameless contact shows its number in the BotPenguin inbox rather than a blank.
    name: name || phone.sent.international,
    email: email.email,
    prefix: phone.prefix,
    number: phone.number,
    tags: tagsOf(values, pipeline),
    attributes: attributesOf(values, pipeline, notes),
  });
  return {
    kind: 'valid',
    payload,
    key: phone.digits,
    label: label || payload.profile.userDetails.userProvidedName,
    notes: notes.length === 0 ? NO_NOTES : notes,
    phone: phone.sent,
  };
}

/** The Name column, else First + Middle + Last names. */
function nameOf(values: readonly RawCell[], pipeline: CompiledPipeline): string {
  const { field, formatDate } = pipeline;
  return (
    cleanName(field(values, 'name'), formatDate) ||
    joinNames(
      joinNames(
        field(values, 'firstName'),
        pipeline.middleName === undefined ? '' : values[pipeline.middleName],
        formatDate,
      ),
      field(values, 'lastName'),
      formatDate,
    )
  );
}

type PhoneColumn = CompiledPipeline['phoneColumns'][number];

/** Which phone column the row's number is read from, and the filled ones it was chosen among. */
interface PhoneColumnChoice {
  column: PhoneColumn | undefined;
  filled: PhoneColumn[];
  /** The labelled mobile column was taken over the first filled one. */
  labelled: boolean;
  labelOf: (column: { label?: number }) => string;
}

/** A lone unlabelled phone column: what choosePhoneColumn gives whenever its cell is filled. */
function onlyChoice(column: PhoneColumn): PhoneColumnChoice {
  return { column, filled: [column], labelled: false, labelOf: () => '' };
}

function choosePhoneColumn(values: readonly RawCell[], pipeline: CompiledPipeline): PhoneColumnChoice {
  const only = pipeline.onlyPhoneChoice;
  if (only && !isEmptyCell(values[only.column!.index])) return only;
  const filled = pipeline.phoneColumns.filter((column) => !isEmptyCell(values[column.index]));
  // Google Contacts says per row which number is the mobile one ("Phone 2 - Label": Mobile).
  const labelOf = (column: { label?: number }) =>
    column.label === undefined ? '' : cleanName(values[column.label], pipeline.formatDate);
  const mobile = filled.find((column) => MOBILE_LABEL.test(labelOf(column)));
  const labelled =
    mobile !== undefined &&
    filled[0] !== mobile &&
    !MOBILE_LABEL.test(labelOf(filled[0])) &&
    labelOf(filled[0]) !== '';
  const column = (labelled ? mobile : filled[0]) ?? pipeline.phoneColumns[0];
  return { column, filled, labelled, labelOf };
}

/** What the user should read about how the number was found: extension, mobile, other column. */
function phoneNotes(
  phone: Extract<PhoneCellResult, { ok: true }>,
  choice: PhoneColumnChoice,
  pipeline: CompiledPipeline,
): string[] {
  const notes: string[] = [];
  const { column, filled, labelled, labelOf } = choice;
  if (phone.extension) notes.push(t('contact.extensionLeftOut', { extension: phone.extension }));
  if (phone.chosenFrom)
    notes.push(t('contact.mobileOfSeveral', { others: phone.chosenFrom.others.join(', ') }));
  if (labelled && column && filled[0]) {
    notes.push(
      t('contact.phoneFromMobileColumn', {
        column: column.header,
        label: labelOf(column),
        phoneColumn: filled[0].header,
        otherLabel: labelOf(filled[0]),
      }),
    );
  } else if (column && column !== pipeline.phoneColumns[0]) {
    notes.push(
      t('contact.phoneFromColumn', {
        column: column.header,
        phoneColumn: pipeline.phoneColumns[0].header,
      }),
    );
  }
  return notes;
}

/** The row's tags, then the default ones (already clean: a row without tags shares them). */
function tagsOf(values: readonly RawCell[], pipeline: CompiledPipeline): string[] {
  const cell = pipeline.field(values, 'tags');
  if (typeof cell !== 'string') return tagsOfCell(cell, pipeline);
  return pipeline.tagsByCell.get(cell) ?? remember(pipeline.tagsByCell, cell, tagsOfCell(cell, pipeline));
}

/** Enough for a column of choices (tag lists, plan, city, source); a column of unique values
 * stops being remembered there. */
const REMEMBERED_PER_COLUMN = 1000;

/** `value`, kept in `known` under `key` while the column has room (REMEMBERED_PER_COLUMN). */
function remember<K, V>(known: Map<K, V>, key: K, value: V): V {
  if (known.size < REMEMBERED_PER_COLUMN) known.set(key, value);
  return value;
}

/** A frozen list, which the payloads of rows with the same tag cell share. */
function tagsOfCell(cell: RawCell, pipeline: CompiledPipeline): string[] {
  const rowTags = splitTags(cell, pipeline.formatDate);
  return rowTags.length === 0
    ? pipeline.defaultTags
    : (Object.freeze(mergeTags(rowTags, pipeline.defaultTags)) as string[]);
}

/** The attribute columns with a value; a formula error is left out with a note. */
function attributesOf(
  values: readonly RawCell[],
  pipeline: CompiledPipeline,
  notes: string[],
): { key: string; value: string }[] {
  const texts = pipeline.attributeTexts;
  let count = 0;
  for (let i = 0; i < pipeline.attributes.length; i++) {
    const attribute = pipeline.attributes[i];
    const value = attributeText(values[attribute.index], pipeline.formatDate);
    texts[i] = value;
    if (isFormulaError(value)) {
      notes.push(t('contact.formulaErrorLeftOut', { column: attribute.key, error: value }));
      texts[i] = '';
    } else if (value !== '') count++;
  }
  // Made at its length: 100,000 outcomes are held until the run writes them.
  const attributes: { key: string; value: string }[] = new Array(count);
  let next = 0;
  for (let i = 0; i < pipeline.attributes.length; i++) {
    if (texts[i] !== '') attributes[next++] = attributeEntry(pipeline, i, texts[i]);
  }
  return attributes;
}

type AttributeEntry = { key: string; value: string };

/** One frozen { key, value } per attribute column and value: columns repeat their values. */
function attributeEntry(pipeline: CompiledPipeline, column: number, value: string): AttributeEntry {
  const known = pipeline.attributeEntries[column];
  return (
    known.get(value) ?? remember(known, value, Object.freeze({ key: pipeline.attributes[column].key, value }))
  );
}

/** A phone's label that names a number WhatsApp reaches (Google Contacts: "Mobile", "* Mobile"). */
const MOBILE_LABEL = /\b(?:mobile|cell|celular|m[oó]vil|portable|whatsapp)\b/i;

/** What Sheets shows for a formula that failed: a cell's value, never a person's data. */
const FORMULA_ERRORS = new Set([
  '#ERROR!',
  '#N/A',
  '#REF!',
  '#VALUE!',
  '#DIV/0!',
  '#NAME?',
  '#NUM!',
  '#NULL!',
]);

function isFormulaError(value: RawCell): boolean {
  // Every error value has a '#': most cells are told apart without trimming a copy of them.
  return typeof value === 'string' && value.includes('#') && FORMULA_ERRORS.has(value.trim());
}

/**
 * A formula error ("#ERROR!", "#N/A") is what Sheets shows, not what the person wrote: such cells
 * are left out with a note (the server already read back numbers typed as "=+44…" formulas).
 * Phone cells stay, so the phone's own reason names the cell.
 */
function withoutFormulaErrors(
  values: readonly RawCell[],
  pipeline: CompiledPipeline,
  notes: string[],
): readonly RawCell[] {
  let copy: RawCell[] | null = null;
  for (const index of pipeline.formulaCheckedIndices) {
    const value = values[index];
    if (!isFormulaError(value)) continue;
    copy ??= [...values];
    copy[index] = '';
    notes.push(
      t('contact.formulaErrorLeftOut', { column: pipeline.headerOf(index), error: String(value).trim() }),
    );
  }
  return copy ?? values;
}

interface RowHint {
  hint: CountryHint | null;
  /** The row's own Country code or Country cell gave it, not the default country. */
  fromRow: boolean;
}

/** The row hint of each country hint (those are made once per cell text), so rows share them. */
const rowHints = new WeakMap<CountryHint, RowHint>();

function rowHint(hint: CountryHint): RowHint {
  let known = rowHints.get(hint);
  if (!known) {
    known = { hint, fromRow: true };
    rowHints.set(hint, known);
  }
  return known;
}

/** Country code column, else Country column, else the default country; bad cells add a reason. */
function countryHint(values: readonly RawCell[], pipeline: CompiledPipeline, reasons: string[]): RowHint {
  const codeCell = pipeline.field(values, 'countryCode');
  const code = countryHintFromCell(codeCell);
  if (code === 'unrecognised') {
    reasons.push(t('contact.badCountryCode', { cell: cleanName(codeCell, pipeline.formatDate) }));
  }
  const countryCell = pipeline.field(values, 'country');
  const country = countryHintFromCell(countryCell);
  if (country === 'unrecognised') {
    reasons.push(t('contact.badCountry', { cell: cleanName(countryCell, pipeline.formatDate) }));
  }
  if (code && code !== 'unrecognised') return rowHint(code);
  if (country && country !== 'unrecognised') return rowHint(country);
  return pipeline.defaultCountryHint;
}

/**
 * Every row → exactly one outcome, aligned with the input. A later row with the same phone
 * (prefix + number) as an earlier valid row becomes 'duplicate'; the first one stays valid.
 */
export function processRows(
  rows: SheetRow[],
  columns: ResolvedColumns,
  settings: PipelineSettings,
): RowOutcome[] {
  const pipeline = compile(columns, settings);
  const firstRowByKey = new Map<string, number>();
  return rows.map((row) => {
    const outcome = buildWith(row.values ?? [], pipeline);
    if (outcome.kind !== 'valid') return outcome;
    const firstRow = firstRowByKey.get(outcome.key);
    if (firstRow === undefined) {
      firstRowByKey.set(outcome.key, row.rowNumber);
      return outcome;
    }
    // The payload's prefix + number formatted: the very text formatInternational gives for them.
    return {
      kind: 'duplicate',
      firstRow,
      reasons: [t('contact.duplicate', { row: firstRow, phone: outcome.phone.international })],
      label: outcome.label,
    };
  });
}
