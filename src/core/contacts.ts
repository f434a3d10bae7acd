/**
 * The row → outcome pipeline: one sheet row becomes a BotPenguin contact payload, or the list of
 * everything a marketer has to fix, or 'blank'. Platform-free: runs in Apps Script and the sidebar.
 */
import type { FieldKey } from '../shared/contracts';
import {
  attributeText,
  type CellValue,
  cleanName,
  isEmptyCell,
  joinNames,
  mergeTags,
  normaliseEmail,
  type RawCell,
  splitTags,
} from './fields';
import type { ResolvedColumns } from './mapping';
import { buildImportProfile, type ImportProfile } from './payload';
import {
  type CountryHint,
  countryHintFromCell,
  formatInternational,
  normalisePhone,
  regionHint,
} from './phone';

export type { CellValue } from './fields';
export type { ImportProfile } from './payload';
export { contactFingerprint } from './payload';

export interface PipelineSettings {
  /** ISO 3166 region for numbers typed without a country code, e.g. "IN"; null = none. */
  defaultCountry: string | null;
  defaultTags: string[];
  /** Dates in attribute columns → text, e.g. yyyy-mm-dd in the spreadsheet's time zone. */
  formatDate: (date: Date) => string;
}

export type RowOutcome =
  | {
      kind: 'valid';
      payload: ImportProfile;
      /** prefix + number digits: the identity used to find duplicates. */
      key: string;
      /** The name, or the phone as typed, for messages. */
      label: string;
      /** Things changed on the way that the user may want to know, e.g. a dropped extension. */
      notes: string[];
    }
  | { kind: 'invalid'; reasons: string[]; label: string }
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
  mappedIndices: number[];
  attributes: { key: string; index: number }[];
  defaultHint: CountryHint | null;
  defaultTags: string[];
  formatDate: (date: Date) => string;
}

function compile(columns: ResolvedColumns, settings: PipelineSettings): CompiledPipeline {
  const fieldIndex = columns.fields;
  const mapped = new Set<number>(
    Object.values(fieldIndex).filter((index): index is number => index !== undefined),
  );
  for (const attribute of columns.attributes) mapped.add(attribute.index);
  return {
    field: (values, key) => {
      const index = fieldIndex[key];
      return index === undefined ? undefined : values[index];
    },
    mappedIndices: [...mapped],
    attributes: columns.attributes,
    defaultHint: regionHint(settings.defaultCountry),
    defaultTags: mergeTags(settings.defaultTags ?? [], []),
    formatDate: settings.formatDate,
  };
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

function buildWith(values: readonly RawCell[], pipeline: CompiledPipeline): RowOutcome {
  if (pipeline.mappedIndices.every((index) => isEmptyCell(values[index]))) return { kind: 'blank' };
  const { field } = pipeline;
  const reasons: string[] = [];
  const notes: string[] = [];

  const name =
    cleanName(field(values, 'name')) || joinNames(field(values, 'firstName'), field(values, 'lastName'));
  const phoneCell = field(values, 'phone');
  const label = name || (isEmptyCell(phoneCell) ? '' : cleanName(phoneCell));

  const hint = countryHint(values, pipeline, reasons);
  const phone = normalisePhone(phoneCell, hint.hint, hint.fromRow);
  if (!phone.ok) reasons.push(phone.reason);
  else if (phone.extension) {
    notes.push(`Phone: extension ${phone.extension} left out, because WhatsApp numbers have no extension`);
  }

  const email = normaliseEmail(field(values, 'email'));
  if (!email.ok) reasons.push(email.reason);

  if (!phone.ok || !email.ok || reasons.length > 0) {
    return { kind: 'invalid', reasons, label: label || (email.ok && email.email) || '' };
  }

  const attributes: { key: string; value: string }[] = [];
  for (const attribute of pipeline.attributes) {
    const value = attributeText(values[attribute.index], pipeline.formatDate);
    if (value !== '') attributes.push({ key: attribute.key, value });
  }
  const payload = buildImportProfile({
    // A nameless contact shows its number in the BotPenguin inbox rather than a blank.
    name: name || formatInternational(phone.prefix, phone.number),
    email: email.email,
    prefix: phone.prefix,
    number: phone.number,
    tags: mergeTags(splitTags(field(values, 'tags')), pipeline.defaultTags),
    attributes,
  });
  return {
    kind: 'valid',
    payload,
    key: phone.prefix + phone.number,
    label: label || payload.profile.userDetails.userProvidedName,
    notes,
  };
}

/** Country code column, else Country column, else the default country; bad cells add a reason. */
function countryHint(
  values: readonly RawCell[],
  pipeline: CompiledPipeline,
  reasons: string[],
): { hint: CountryHint | null; fromRow: boolean } {
  const codeCell = pipeline.field(values, 'countryCode');
  const code = countryHintFromCell(codeCell);
  if (code === 'unrecognised') {
    reasons.push(
      `Country code: '${cleanName(codeCell)}' is not a country calling code — use digits like 91 or +91, or a country like IN or India`,
    );
  }
  const countryCell = pipeline.field(values, 'country');
  const country = countryHintFromCell(countryCell);
  if (country === 'unrecognised') {
    reasons.push(
      `Country: '${cleanName(countryCell)}' is not a country — use a two-letter code like IN or an English name like India`,
    );
  }
  if (code && code !== 'unrecognised') return { hint: code, fromRow: true };
  if (country && country !== 'unrecognised') return { hint: country, fromRow: true };
  return { hint: pipeline.defaultHint, fromRow: false };
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
    const phone = outcome.payload.profile.userDetails.contact.phone;
    return {
      kind: 'duplicate',
      firstRow,
      reasons: [`Duplicate of row ${firstRow} (same phone +${phone.prefix} ${phone.number})`],
      label: outcome.label,
    };
  });
}
