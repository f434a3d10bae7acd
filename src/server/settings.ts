/**
 * Settings storage. The API token and host live in the user's own properties (a token is personal
 * and must never be visible to collaborators); the column mapping and import defaults live per
 * sheet in the document properties, so everyone importing from a sheet uses the same mapping.
 */

import { DEFAULT_TRUST_SETTINGS } from '../core/contacts';
import { BATCH_SIZE, PARALLEL_REQUESTS } from '../core/limits';
import type {
  BlankConsentMeans,
  ColumnMapping,
  FieldKey,
  InvalidEmailHandling,
  SettingsPatch,
  SettingsView,
} from '../shared/contracts';
import { FIELD_KEYS } from '../shared/contracts';
import { currentLanguage, type MessageKey, t } from '../shared/i18n';
import { cleanTags as cleanTagList, utf8CharBytes } from '../shared/text';
import { API_HOSTS, DEFAULT_API_HOST } from './config';
import { UserError } from './errors';
import type { PropertyReader } from './job-store';
import { applyPartnerPatch, partnerView } from './partner';
import { deleteUserProperty, setUserProperty, userProperty } from './this-execution';

const TOKEN_KEY = 'bp.token';
const HOST_KEY = 'bp.apiHost';
const sheetKey = (sheetId: number) => `bp.sheet.${sheetId}`;

export interface SheetSettings {
  mapping: ColumnMapping | null;
  headerRow: number | null;
  defaultCountry: string | null;
  defaultTags: string[];
  batchSize: number;
  parallelRequests: number;
  blankConsentMeans: BlankConsentMeans;
  invalidEmail: InvalidEmailHandling;
}

const DEFAULT_SHEET_SETTINGS: SheetSettings = {
  mapping: null,
  headerRow: null,
  defaultCountry: null,
  defaultTags: [],
  batchSize: BATCH_SIZE.default,
  parallelRequests: PARALLEL_REQUESTS.default,
  ...DEFAULT_TRUST_SETTINGS,
};

function oneOf<T extends string>(allowed: readonly T[], what: MessageKey): (value: unknown) => T {
  return (value) => {
    if (!allowed.includes(value as T))
      throw new UserError(t('settings.oneOf', { what: t(what), allowed: allowed.join(', ') }));
    return value as T;
  };
}
const readBlankConsent = oneOf<BlankConsentMeans>(['no', 'yes'], 'settings.blankConsent');
const readInvalidEmail = oneOf<InvalidEmailHandling>(['leave-out', 'reject'], 'settings.invalidEmail');

export function getToken(): string | null {
  return userProperty(TOKEN_KEY);
}

export function getApiHost(): string {
  const saved = userProperty(HOST_KEY);
  return saved && API_HOSTS.includes(saved) ? saved : DEFAULT_API_HOST;
}

/** `props`: the document's properties as just read (job-store.ts pruneStaleJobs), else the store. */
export function getSheetSettings(
  sheetId: number,
  props: PropertyReader = PropertiesService.getDocumentProperties(),
): SheetSettings {
  const raw = readSheetSettingsText(props, sheetId);
  return raw ? parseSheetSettings(raw, sheetId) : { ...DEFAULT_SHEET_SETTINGS };
}

/*
 * PropertiesService refuses a value over 9 KB ("Argument too large"), and a mapping with many long
 * attribute headers passes that. Settings over PIECE_BYTES are stored in pieces: bp.sheet.<id>
 * holds {"pieces":N} and bp.sheet.<id>.1 … .N hold the JSON text in order.
 */
const PIECE_BYTES = 8000;
const piecesKey = (sheetId: number, n: number) => `${sheetKey(sheetId)}.${n}`;

/** Pieces a stored value points to, or 0 when it is the settings themselves. */
function pieceCount(stored: string | null): number {
  const match = stored ? /^\{"pieces":(\d{1,4})\}$/.exec(stored) : null;
  return match ? Number(match[1]) : 0;
}

function readSheetSettingsText(props: PropertyReader, sheetId: number): string | null {
  const stored = props.getProperty(sheetKey(sheetId));
  const pieces = pieceCount(stored);
  if (pieces === 0) return stored;
  let text = '';
  for (let n = 1; n <= pieces; n++) text += props.getProperty(piecesKey(sheetId, n)) ?? '';
  return text;
}

/** Slices of at most PIECE_BYTES UTF-8 bytes, never cutting a surrogate pair. */
export function splitIntoPieces(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < text.length; i++) {
    const bytes = utf8CharBytes(text, i);
    if (size + bytes > PIECE_BYTES) {
      pieces.push(text.slice(start, i));
      start = i;
      size = 0;
    }
    size += bytes;
    if (bytes === 4) i++;
  }
  pieces.push(text.slice(start));
  return pieces;
}

function writeSheetSettings(sheetId: number, settings: SheetSettings): void {
  const props = PropertiesService.getDocumentProperties();
  const text = JSON.stringify(settings);
  const before = pieceCount(props.getProperty(sheetKey(sheetId)));
  const pieces = splitIntoPieces(text);
  const values: Record<string, string> = {};
  if (pieces.length === 1) values[sheetKey(sheetId)] = text;
  else {
    pieces.forEach((piece, i) => {
      values[piecesKey(sheetId, i + 1)] = piece;
    });
    // Written last in the same call: a reader never sees a count without its pieces.
    values[sheetKey(sheetId)] = `{"pieces":${pieces.length}}`;
  }
  props.setProperties(values);
  const kept = pieces.length === 1 ? 0 : pieces.length;
  for (let n = kept + 1; n <= before; n++) props.deleteProperty(piecesKey(sheetId, n));
}

/**
 * Stored sheet settings, checked field by field with the same rules as a save from the sidebar: a
 * field that is corrupt or from an older version gets its default, with a log line, never a crash.
 */
function parseSheetSettings(raw: string, sheetId: number): SheetSettings {
  const settings = { ...DEFAULT_SHEET_SETTINGS };
  let stored: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    stored = parsed as Record<string, unknown>;
  } catch {
    console.warn(`Settings of sheet ${sheetId} could not be read; using the defaults.`);
    return settings;
  }
  const dropped: string[] = [];
  const readers = sheetFieldReaders();
  for (const key of SHEET_SETTING_KEYS) {
    if (stored[key] === undefined) continue;
    try {
      readField(settings, key, stored[key], readers);
    } catch {
      dropped.push(key);
    }
  }
  if (dropped.length) {
    console.warn(
      `Settings of sheet ${sheetId}: ${dropped.join(', ')} could not be read; using the defaults.`,
    );
  }
  return settings;
}

export function settingsView(sheet: GoogleAppsScript.Spreadsheet.Sheet): SettingsView {
  const token = getToken();
  const sheetSettings = getSheetSettings(sheet.getSheetId());
  return {
    tokenSet: token !== null,
    tokenLast4: token ? token.slice(-4) : null,
    apiHost: getApiHost(),
    allowedHosts: [...API_HOSTS],
    defaultCountry: sheetSettings.defaultCountry,
    defaultTags: sheetSettings.defaultTags,
    batchSize: sheetSettings.batchSize,
    parallelRequests: sheetSettings.parallelRequests,
    headerRow: sheetSettings.headerRow,
    mapping: sheetSettings.mapping,
    blankConsentMeans: sheetSettings.blankConsentMeans,
    invalidEmail: sheetSettings.invalidEmail,
    sheetName: sheet.getName(),
    language: currentLanguage(),
    partner: partnerView(sheet),
  };
}

/** People paste tokens with "Bearer ", quotes or line breaks around them. */
function cleanToken(input: string): string {
  const token = input
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/^Bearer\s+/i, '')
    .trim();
  if (!token) throw new UserError(t('settings.tokenEmpty'));
  if (/\s/.test(token)) throw new UserError(t('settings.tokenSpaces'));
  if (token.length < 16) throw new UserError(t('settings.tokenShort'));
  return token;
}

function integerIn(value: unknown, range: { min: number; max: number }, what: MessageKey): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UserError(t('settings.wholeNumber', { what: t(what), min: range.min, max: range.max }));
  }
  return value;
}

function cleanTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new UserError(t('settings.tags'));
  return cleanTagList(tags.map(String));
}

function cleanMapping(mapping: unknown): ColumnMapping {
  const m = mapping as Partial<ColumnMapping> | null;
  if (!m || typeof m !== 'object' || typeof m.fields !== 'object' || !Array.isArray(m.attributes)) {
    throw new UserError(t('settings.mapping'));
  }
  const fields: Partial<Record<FieldKey, string>> = {};
  for (const key of FIELD_KEYS) {
    const header = m.fields?.[key];
    if (typeof header === 'string' && header.trim()) fields[key] = header;
  }
  return {
    fields,
    attributes: m.attributes.filter((a): a is string => typeof a === 'string' && a.trim() !== ''),
  };
}

const SHEET_SETTING_KEYS = Object.keys(DEFAULT_SHEET_SETTINGS) as (keyof SheetSettings)[];
type SheetFieldReaders = { [K in keyof SheetSettings]: (value: unknown) => SheetSettings[K] };

/**
 * The one rule for each sheet setting, for a save from the sidebar and for settings read back
 * from the document properties alike. A stored country is checked by its form only (its region
 * was checked when it was saved, and the check loads the phone metadata).
 */
function sheetFieldReaders(isKnownRegion?: (code: string) => boolean): SheetFieldReaders {
  const headerRow = { min: 1, max: 1000 };
  return {
    mapping: (v) => (v === null ? null : cleanMapping(v)),
    headerRow: (v) => (v === null ? null : integerIn(v, headerRow, 'settings.headerRow')),
    defaultCountry: (v) => {
      const code = v === null ? '' : String(v).trim().toUpperCase();
      if (!code) return null;
      if (!/^[A-Z]{2}$/.test(code) || (isKnownRegion && !isKnownRegion(code))) {
        throw new UserError(t('settings.country', { country: String(v) }));
      }
      return code;
    },
    defaultTags: cleanTags,
    batchSize: (v) => integerIn(v, BATCH_SIZE, 'settings.batchSize'),
    parallelRequests: (v) => integerIn(v, PARALLEL_REQUESTS, 'settings.parallelRequests'),
    blankConsentMeans: readBlankConsent,
    invalidEmail: readInvalidEmail,
  };
}

function readField<K extends keyof SheetSettings>(
  target: SheetSettings,
  key: K,
  value: unknown,
  readers: SheetFieldReaders,
): void {
  target[key] = readers[key](value);
}

export function applySettingsPatch(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  patch: SettingsPatch,
  isKnownRegion: (code: string) => boolean,
): SettingsView {
  if (!patch || typeof patch !== 'object') throw new UserError(t('settings.nothing'));
  applyPartnerPatch(patch);
  if (patch.token === null) deleteUserProperty(TOKEN_KEY);
  else if (patch.token !== undefined) setUserProperty(TOKEN_KEY, cleanToken(String(patch.token)));
  if (patch.apiHost !== undefined) {
    if (!API_HOSTS.includes(patch.apiHost)) {
      throw new UserError(t('settings.host', { hosts: API_HOSTS.join(', ') }));
    }
    setUserProperty(HOST_KEY, patch.apiHost);
  }

  if (SHEET_SETTING_KEYS.some((k) => patch[k] !== undefined)) {
    const current = getSheetSettings(sheet.getSheetId());
    const readers = sheetFieldReaders(isKnownRegion);
    for (const key of SHEET_SETTING_KEYS) {
      if (patch[key] !== undefined) readField(current, key, patch[key], readers);
    }
    writeSheetSettings(sheet.getSheetId(), current);
  }
  return settingsView(sheet);
}
