/**
 * BotPenguin users → rows of the export tab. Platform-free except for the fingerprint's pipeline
 * settings, which the caller passes in, so that a row written here is exactly what the importer
 * reads back and recognises as "Imported, unchanged".
 */

import {
  type CellValue,
  contactFingerprint,
  describeSentNumber,
  type PipelineSettings,
  processRows,
} from '../core/contacts';
import { accountRef } from '../core/customers';
import { isOwnColumn, resolveMapping } from '../core/mapping';
import { exportedDetails } from '../core/status-details';
import { BRAND } from '../shared/brand';
import { type ColumnMapping, DETAILS_HEADER, STATUS, STATUS_HEADER } from '../shared/contracts';
import { t } from '../shared/i18n';
import { type PlainTextCells, plainTextCells } from './cell-text';
import { dataHeaders } from './sheet-context';

/** Fixed columns before the attribute columns, and after them. */
const LEADING_HEADERS = ['Name', 'Phone', 'Email', 'Tags'] as const;
const TRAILING_HEADERS = ['Created', `${BRAND.serviceName} id`, STATUS_HEADER, DETAILS_HEADER] as const;
const RESERVED_HEADERS = new Set<string>([...LEADING_HEADERS, ...TRAILING_HEADERS]);

/** A user as `POST /inbox/users` returns it; everything optional, since little is documented. */
export interface BotPenguinUser {
  _id?: unknown;
  createdAt?: unknown;
  profile?: {
    userDetails?: {
      userProvidedName?: unknown;
      contact?: { email?: unknown; phone?: { number?: unknown; prefix?: unknown } };
      tags?: unknown;
      attributes?: unknown;
    };
  };
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

export function attributesOf(user: BotPenguinUser): { key: string; value: string }[] {
  const raw = user.profile?.userDetails?.attributes;
  if (!Array.isArray(raw)) return [];
  return raw.map((a) => ({ key: text(a?.key).trim(), value: text(a?.value) })).filter((a) => a.key !== '');
}

/**
 * The header of an attribute column. A key that is also one of the tab's own headers (an
 * attribute called "Phone" or "BotPenguin Status") gets " (attribute)", so the importer's mapping
 * cannot mistake the two columns.
 */
function attributeHeader(key: string): string {
  return RESERVED_HEADERS.has(key) || isOwnColumn(key) ? `${key} (attribute)` : key;
}

export function headerRow(attributeKeys: string[]): string[] {
  return [...LEADING_HEADERS, ...attributeKeys.map(attributeHeader), ...TRAILING_HEADERS];
}

/**
 * The mapping saved for the export tab: the fixed columns by name, every attribute column as an
 * attribute, Created and BotPenguin id left out. Saved rather than detected, because detection
 * would read an attribute called "WhatsApp" or "Country" as a contact field.
 */
export function exportMapping(attributeKeys: string[], cells: PlainTextCells): ColumnMapping {
  return {
    fields: { name: 'Name', phone: 'Phone', email: 'Email', tags: 'Tags' },
    attributes: attributeKeys.map((key) => shown(attributeHeader(key), cells)),
  };
}

/** A header or cell text as the tab will read it back. */
const shown = (text: string, cells: PlainTextCells): string => cells.readBack(cells.write(text));

/** What getValues returns for a cell written by contactCells into a plain-text cell. */
function readBack(written: unknown, cells: PlainTextCells): CellValue {
  if (typeof written === 'string') return cells.readBack(written);
  if (typeof written === 'number' || typeof written === 'boolean' || written instanceof Date) return written;
  return written === null || written === undefined ? '' : String(written);
}

function phoneText(user: BotPenguinUser): string {
  const phone = user.profile?.userDetails?.contact?.phone;
  const prefix = text(phone?.prefix).replace(/\D/g, '');
  const number = text(phone?.number).replace(/\D/g, '');
  if (!number) return '';
  return prefix ? `+${prefix} ${number}` : number;
}

function createdDate(user: BotPenguinUser): Date | string {
  const ms = Date.parse(text(user.createdAt));
  return Number.isNaN(ms) ? '' : new Date(ms);
}

/**
 * The cells of one user, without the two status cells; every text as written (cell-text.ts). The
 * columns are plain text ('@'), which also keeps "00123" and "TRUE" as text.
 */
function contactCells(user: BotPenguinUser, attributeKeys: string[], cells: PlainTextCells): unknown[] {
  const details = user.profile?.userDetails;
  const tags = Array.isArray(details?.tags) ? details.tags.map(text).filter(Boolean) : [];
  const byKey = new Map(attributesOf(user).map((a) => [a.key, a.value]));
  return [
    cells.write(text(details?.userProvidedName)),
    cells.write(phoneText(user)),
    cells.write(text(details?.contact?.email)),
    cells.write(tags.join(', ')),
    ...attributeKeys.map((key) => cells.write(byKey.get(key) ?? '')),
    createdDate(user),
    cells.write(text(user._id)),
  ];
}

/**
 * Full rows (status cells included) for a page of users. Each row is run through the importer's
 * own pipeline, with the mapping the importer resolves for this header row, on the values Sheets
 * will hand back; so a re-import finds every row Imported and unchanged.
 */
export function pageRows(
  users: BotPenguinUser[],
  attributeKeys: string[],
  firstRowNumber: number,
  pipeline: PipelineSettings,
  exportedAt: string,
  /** Partner mode: the customer exported from; its rows are Imported for that customer. */
  customerId: string | null = null,
): unknown[][] {
  const plainText = plainTextCells();
  const headers = headerRow(attributeKeys).map((header) => shown(header, plainText));
  const { columns } = resolveMapping(dataHeaders(headers), exportMapping(attributeKeys, plainText));
  const cells = users.map((user) => contactCells(user, attributeKeys, plainText));
  const outcomes = processRows(
    cells.map((row, i) => ({
      rowNumber: firstRowNumber + i,
      values: row.map((w) => readBack(w, plainText)),
    })),
    columns,
    pipeline,
  );
  return cells.map((row, i) => {
    const outcome = outcomes[i];
    if (outcome.kind === 'valid') {
      return [
        ...row,
        STATUS.imported,
        exportedDetails(
          exportedAt,
          describeSentNumber(outcome.phone),
          accountRef(contactFingerprint(outcome.payload), customerId),
        ),
      ];
    }
    // BotPenguin holds it, but the add-on could not import it as it stands (or it repeats a phone).
    const reasons = 'reasons' in outcome ? outcome.reasons.join('; ') : t('details.exportedNoPhone');
    return [...row, '', t('details.exportedNotImportable', { at: exportedAt, reasons })];
  });
}
