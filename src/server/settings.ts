/**
 * Settings storage. The API token and host live in the user's own properties (a token is personal
 * and must never be visible to collaborators); the column mapping and import defaults live per
 * sheet in the document properties, so everyone importing from a sheet uses the same mapping.
 */

import { BRAND } from '../shared/brand';
import type { ColumnMapping, FieldKey, SettingsPatch, SettingsView } from '../shared/contracts';
import { FIELD_KEYS } from '../shared/contracts';
import { API_HOSTS, BATCH_SIZE, DEFAULT_API_HOST, PARALLEL_REQUESTS } from './config';

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
}

const DEFAULT_SHEET_SETTINGS: SheetSettings = {
  mapping: null,
  headerRow: null,
  defaultCountry: null,
  defaultTags: [],
  batchSize: BATCH_SIZE.default,
  parallelRequests: PARALLEL_REQUESTS.default,
};

/** A problem the user can fix; its message is shown as is. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function getToken(): string | null {
  return PropertiesService.getUserProperties().getProperty(TOKEN_KEY);
}

export function getApiHost(): string {
  const saved = PropertiesService.getUserProperties().getProperty(HOST_KEY);
  return saved && API_HOSTS.includes(saved) ? saved : DEFAULT_API_HOST;
}

export function getSheetSettings(sheetId: number): SheetSettings {
  const raw = PropertiesService.getDocumentProperties().getProperty(sheetKey(sheetId));
  if (!raw) return { ...DEFAULT_SHEET_SETTINGS };
  try {
    return { ...DEFAULT_SHEET_SETTINGS, ...(JSON.parse(raw) as Partial<SheetSettings>) };
  } catch {
    return { ...DEFAULT_SHEET_SETTINGS };
  }
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
    sheetName: sheet.getName(),
  };
}

/** People paste tokens with "Bearer ", quotes or line breaks around them. */
export function cleanToken(input: string): string {
  const token = input
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/^Bearer\s+/i, '')
    .trim();
  if (!token) throw new UserError(`The API token is empty. Paste the token from ${BRAND.tokenLocation}.`);
  if (/\s/.test(token)) {
    throw new UserError(`The API token has spaces in it. Copy it again from ${BRAND.tokenLocation}.`);
  }
  if (token.length < 16) {
    throw new UserError(
      `That API token is too short to be a ${BRAND.serviceName} token. Copy the whole token and try again.`,
    );
  }
  return token;
}

function integerIn(value: unknown, range: { min: number; max: number }, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UserError(`${what} must be a whole number from ${range.min} to ${range.max}.`);
  }
  return value;
}

function cleanTags(tags: unknown): string[] {
  if (!Array.isArray(tags)) throw new UserError('Default tags must be a list of words.');
  const seen = new Set<string>();
  const out: string[] = [];
  for (const tag of tags) {
    const text = String(tag).trim();
    if (text && !seen.has(text.toLowerCase())) {
      seen.add(text.toLowerCase());
      out.push(text);
    }
  }
  return out;
}

function cleanMapping(mapping: unknown): ColumnMapping {
  const m = mapping as Partial<ColumnMapping> | null;
  if (!m || typeof m !== 'object' || typeof m.fields !== 'object' || !Array.isArray(m.attributes)) {
    throw new UserError('The column mapping could not be read. Reopen the sidebar and save it again.');
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

export function applySettingsPatch(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  patch: SettingsPatch,
  isKnownRegion: (code: string) => boolean,
): SettingsView {
  if (!patch || typeof patch !== 'object') throw new UserError('Nothing to save.');
  const user = PropertiesService.getUserProperties();
  if (patch.token === null) user.deleteProperty(TOKEN_KEY);
  else if (patch.token !== undefined) user.setProperty(TOKEN_KEY, cleanToken(String(patch.token)));
  if (patch.apiHost !== undefined) {
    if (!API_HOSTS.includes(patch.apiHost)) {
      throw new UserError(`The API host must be one of: ${API_HOSTS.join(', ')}.`);
    }
    user.setProperty(HOST_KEY, patch.apiHost);
  }

  const sheetPatchKeys: (keyof SettingsPatch)[] = [
    'defaultCountry',
    'defaultTags',
    'batchSize',
    'parallelRequests',
    'headerRow',
    'mapping',
  ];
  if (sheetPatchKeys.some((k) => patch[k] !== undefined)) {
    const current = getSheetSettings(sheet.getSheetId());
    if (patch.defaultCountry !== undefined) {
      const code = patch.defaultCountry === null ? '' : String(patch.defaultCountry).trim().toUpperCase();
      if (code && !isKnownRegion(code)) {
        throw new UserError(
          `"${patch.defaultCountry}" is not a country code the add-on knows. Pick one from the list.`,
        );
      }
      current.defaultCountry = code || null;
    }
    if (patch.defaultTags !== undefined) current.defaultTags = cleanTags(patch.defaultTags);
    if (patch.batchSize !== undefined)
      current.batchSize = integerIn(patch.batchSize, BATCH_SIZE, 'Batch size');
    if (patch.parallelRequests !== undefined) {
      current.parallelRequests = integerIn(patch.parallelRequests, PARALLEL_REQUESTS, 'Parallel requests');
    }
    if (patch.headerRow !== undefined) {
      current.headerRow =
        patch.headerRow === null ? null : integerIn(patch.headerRow, { min: 1, max: 1000 }, 'Header row');
    }
    if (patch.mapping !== undefined)
      current.mapping = patch.mapping === null ? null : cleanMapping(patch.mapping);
    PropertiesService.getDocumentProperties().setProperty(
      sheetKey(sheet.getSheetId()),
      JSON.stringify(current),
    );
  }
  return settingsView(sheet);
}
