/**
 * Contracts shared by the server bundle (dist/Code.js) and the sidebar bundle (dist/Sidebar.html).
 * Everything here crosses google.script.run, so it must stay plain data: strings, numbers,
 * booleans, null, arrays and plain objects. No Dates, no functions, no class instances, no undefined
 * inside arrays.
 */

import { BRAND } from './brand';

/** The contact fields a column can be mapped to. */
export type FieldKey =
  | 'name'
  | 'firstName'
  | 'lastName'
  | 'phone'
  | 'countryCode'
  | 'country'
  | 'email'
  | 'tags'
  /** WhatsApp opt-in: rows without it are skipped; never sent as an attribute. */
  | 'consent';

export const FIELD_KEYS: readonly FieldKey[] = [
  'name',
  'firstName',
  'lastName',
  'phone',
  'countryCode',
  'country',
  'email',
  'tags',
  'consent',
];

/** Which column (by its header text) feeds which field, and which columns become attributes. */
export interface ColumnMapping {
  fields: Partial<Record<FieldKey, string>>;
  /** Header texts of the columns sent as attributes ({key: header, value: cell}). */
  attributes: string[];
}

/** Status words written into the status column (`BotPenguin Status`); users filter on them. */
export const STATUS = {
  imported: 'Imported',
  invalid: 'Invalid',
  failed: 'Failed',
  skipped: 'Skipped',
  queued: 'Queued',
  valid: 'Valid',
  /** Imported before, but the phone would now be sent as another number: not sent without Re-send. */
  phoneChanged: 'Phone changed',
  /** Imported, and its opt-in now says no: waiting for Handle opt-outs (remove or tag). */
  optedOut: 'Opted out',
  /** Removed from BotPenguin (soft delete) by Handle opt-outs or Remove selected contacts. */
  removed: 'Removed',
  /** Its opt-in was withdrawn and its contact tagged as opted out in BotPenguin (kept there). */
  optOutTagged: 'Opt-out tagged',
  /** A removal that could not be done exactly (no contact, several, refused): nothing removed. */
  notRemoved: 'Not removed',
} as const;
export type StatusWord = (typeof STATUS)[keyof typeof STATUS];

export const STATUS_HEADER = BRAND.statusHeader;
export const DETAILS_HEADER = BRAND.detailsHeader;

/** Settings as the sidebar sees them. The token itself never comes back: only whether it is set. */
export interface SettingsView {
  tokenSet: boolean;
  /** Last four characters of the saved token, or null when none is saved. */
  tokenLast4: string | null;
  apiHost: string;
  allowedHosts: string[];
  /** ISO 3166 region used for numbers without a country code, e.g. "IN"; null = none. */
  defaultCountry: string | null;
  defaultTags: string[];
  batchSize: number;
  parallelRequests: number;
  /** 1-based header row; null = automatic (last frozen row, or row 1). */
  headerRow: number | null;
  /** Saved mapping of the active sheet; null = detect from headers. */
  mapping: ColumnMapping | null;
  /** What an empty opt-in cell means (only when an opt-in column is mapped). */
  blankConsentMeans: BlankConsentMeans;
  /** A row with a good phone and a bad email: import it without the email, or mark it Invalid. */
  invalidEmail: InvalidEmailHandling;
  sheetName: string;
  /** The language the sidebar speaks: the user's Google locale as one of src/i18n's ("es", "pt-BR"…), else "en". */
  language: string;
  /** Partner mode: the partner key (masked) and the active sheet's customer. */
  partner: PartnerView;
}

/** A partial update from the sidebar. `token: null` removes the saved token. */
export interface SettingsPatch {
  token?: string | null;
  /** The agency's partner key; `null` removes it. Saving one switches partner mode on. */
  partnerKey?: string | null;
  /** Switches partner mode off (false) or back on (true) while a partner key is saved. */
  partnerMode?: boolean;
  apiHost?: string;
  defaultCountry?: string | null;
  defaultTags?: string[];
  batchSize?: number;
  parallelRequests?: number;
  headerRow?: number | null;
  mapping?: ColumnMapping | null;
  blankConsentMeans?: BlankConsentMeans;
  invalidEmail?: InvalidEmailHandling;
}

export type BlankConsentMeans = 'no' | 'yes';
export type InvalidEmailHandling = 'leave-out' | 'reject';

export interface ColumnsView {
  sheetName: string;
  headerRow: number;
  /** Header texts of the sheet, left to right, without the add-on's own status columns. */
  headers: string[];
  detected: ColumnMapping;
  saved: ColumnMapping | null;
  /** What an import would use now: the saved mapping where valid, else detection. */
  effective: ColumnMapping;
  /** Plain sentences, e.g. a saved mapping naming a column that no longer exists. */
  problems: string[];
  /** One sentence per mapped field: which column and why ("…the header says mobile, 97 % of cells are phone numbers"). */
  explanations: string[];
}

export type ConnectionKind = 'connected' | 'no-token' | 'token-rejected' | 'unreachable' | 'unexpected';
export interface ConnectionResult {
  ok: boolean;
  kind: ConnectionKind;
  /** A sentence a marketer can act on. */
  message: string;
}

export interface InvalidRowSample {
  row: number;
  /** Sheet text (a name or phone) to help the user find the row. Render as text, never HTML. */
  label: string;
  reasons: string[];
}

/** A row about to be sent whose country did not come from the row itself. */
export interface GuessedCountrySample {
  row: number;
  /** The number as it will be sent, with its country and where that came from. */
  asSent: string;
}

export interface SelectionPreview {
  sheetName: string;
  rowsSelected: number;
  ready: number;
  invalid: number;
  alreadyImported: number;
  duplicates: number;
  hiddenByFilter: number;
  /** Rows whose opt-in column does not say yes. */
  noConsent: number;
  /** Imported rows whose phone would now be sent as another number (left alone without Re-send). */
  phoneChanged: number;
  /** Imported rows whose opt-in now says no: Handle opt-outs removes or tags their contacts. */
  optedOut: number;
  /** Ready rows whose country comes from the sheet's default / from the number's leading digits. */
  countryFromDefault: number;
  countryFromLeadingDigits: number;
  /** The first few of those, as they will be sent. */
  guessedCountrySamples: GuessedCountrySample[];
  invalidSamples: InvalidRowSample[];
  /** One-line summary, e.g. "120 rows selected: 112 ready, 5 invalid, 3 already imported". */
  message: string;
  /** Requests importing the ready rows needs (one per batch). */
  estimatedRequests: number;
  urlFetch: UrlFetchUsage;
}

/** The add-on's own URL Fetch requests today (Pacific day) for this user. */
export interface UrlFetchUsage {
  usedToday: number;
  /** The consumer allowance (20,000); Workspace accounts have 100,000. */
  dailyLimit: number;
  /** dailyLimit − usedToday, never below 0 (other scripts of the user count too). */
  left: number;
  /** "URL Fetch today: 1,240 used by this add-on (of 20,000 a day on a personal Google account)". */
  message: string;
  /** "midnight Pacific time (08:00 in this spreadsheet's time zone, Etc/UTC)". */
  resetsAt: string;
}

/** The automatic import of the active sheet, as the sidebar shows it. */
/** Trigger runtime the owner's automatic runs used (quotas page: "Triggers total runtime"). */
export interface RuntimeUsage {
  usedMinutes: number;
  limitMinutes: number;
  message: string;
}

export interface AutoImportView {
  sheetName: string;
  on: boolean;
  /** Email of the user whose trigger runs it ('' when Google hides it); null when off. */
  owner: string | null;
  /** The owner is the user looking at the sidebar (only they can turn their trigger off for good). */
  mine: boolean;
  /** 'form': on each Google Form response and every hour; 'hourly': every hour. */
  kind: 'form' | 'hourly' | null;
  /** "2025-01-06 10:00: 3 imported" — null until it has run. */
  lastRun: string | null;
  /** Why it turned itself off, until it is switched on again. */
  note: string | null;
  /** The hourly trigger has not run since this time (owner lost access, trigger removed...). */
  notRunningSince: string | null;
  /** For the owner: why their last automatic run could not reach this spreadsheet. */
  problem: string | null;
  /** For the owner: the trigger time their automatic runs used in the current 24 hours. */
  runtime: RuntimeUsage | null;
  /** When on: whether its runs handle opt-outs too (said at switch-on); null when off. */
  optOuts: string | null;
}

/**
 * 'auto' is what the automatic import runs: new rows, Queued rows and imported rows whose contact
 * changed; Failed rows wait for Retry (sending them again every hour would spend the quota on
 * rows BotPenguin refused).
 */
export type ImportMode = 'selected' | 'all' | 'retry' | 'validate' | 'auto';

/** How a run was started, as the run log says it. */
export type RunOrigin = 'menu' | 'sidebar' | 'automatic';

export interface ImportOptions {
  mode: ImportMode;
  /** Re-send rows already imported and unchanged. */
  force?: boolean;
  /**
   * One more tag for every contact this run sends, e.g. "Sheets import 2026-11-25", so the batch
   * can be found in BotPenguin. Not part of a row's fingerprint: it never makes a row "changed".
   */
  batchTag?: string;
}

export type JobState = 'running' | 'done' | 'cancelled' | 'stopped' | 'busy' | 'nothing';

/**
 * Why a job stopped: BotPenguin rejected the token, or Apps Script refused to fetch (the daily
 * URL Fetch quota is used up, the permission to connect was not granted, the host is not in the
 * manifest's allowlist), or BotPenguin stopped answering (outage), or the run used the requests
 * it allows itself (request-budget; both in core/circuit-breaker.ts).
 */
export type StopKind = 'token' | 'quota' | 'permission' | 'host-not-allowed' | 'outage' | 'request-budget';

export interface StatusCounts {
  imported: number;
  invalid: number;
  failed: number;
  skipped: number;
  queued: number;
  valid: number;
  /** Of the skipped rows: already imported and unchanged (left alone), and repeats of a row above. */
  alreadyImported: number;
  duplicates: number;
  /** Of the skipped rows: imported before with another phone, not sent without Re-send. */
  phoneChanged: number;
}

export interface ImportProgress {
  jobId: string;
  state: JobState;
  mode: ImportMode;
  /** Rows in the job (non-blank, selected). */
  total: number;
  /** Rows that have their final status for this job. */
  done: number;
  counts: StatusCounts;
  /** HTTP requests sent to BotPenguin so far by this job. */
  requests: number;
  elapsedMs: number;
  /** null while there is no basis for an estimate. */
  estimatedRemainingMs: number | null;
  /** A sentence a marketer can act on. */
  message: string;
  /** Set when state is 'stopped'. */
  stopReason?: StopKind;
  /** Partner mode: the customer the run imported into (its name). */
  customer?: string;
}

/** What to export from BotPenguin; both filters optional (empty = every contact). */
export interface ExportOptions {
  /** Only contacts with this tag name (exact, as in BotPenguin). */
  tag?: string;
  /** Only contacts whose name, email or number contains this text. */
  searchText?: string;
}

/**
 * running: more pages to fetch, call continueExport; done: every page is in the tab; stopped: the
 * token was rejected or BotPenguin kept failing, continueExport resumes after the fix; busy:
 * another import or export holds the document, nothing was done.
 */
export type ExportState = 'running' | 'done' | 'stopped' | 'busy';

export interface ExportProgress {
  /** Pass to continueExport; '' when state is busy. */
  exportId: string;
  state: ExportState;
  /** Name of the new tab the contacts go into. */
  sheetName: string;
  /** Contact rows written so far (all executions of this export). */
  contacts: number;
  /** Pages of contacts fetched so far. */
  pages: number;
  /** Attribute columns in the tab so far, in column order. */
  attributeColumns: string[];
  /** A sentence a marketer can act on. */
  message: string;
}

/** The finished import or validation the sidebar shows when it has no run of its own to show. */
export interface LastRunView {
  jobId: string;
  mode: ImportMode;
  state: JobState;
  sheetName: string;
  /** "2026-11-25 14:03", in the spreadsheet's time zone. */
  finishedAt: string;
  counts: StatusCounts;
  message: string;
}

/** Rows of the active sheet by their BotPenguin Status word. */
export interface SheetStatusCounts {
  imported: number;
  invalid: number;
  failed: number;
  skipped: number;
  queued: number;
  valid: number;
  phoneChanged: number;
  optedOut: number;
  removed: number;
  optOutTagged: number;
  notRemoved: number;
}

/** What the sidebar polls: cheap (the status column, the selection, one property). */
export interface SheetSummary {
  sheetName: string;
  /** The selection in A1 notation: the sidebar re-checks its preview only when this changes… */
  selection: string[];
  /** …or this: a hash of the selected rows' cells (edited rows), '' for very large selections. */
  selectionContent: string;
  statusCounts: SheetStatusCounts;
  /** The latest finished run in this spreadsheet, by anyone, from the menu or a sidebar. */
  lastRun: LastRunView | null;
}

/**
 * Removal of contacts from BotPenguin. 'optOuts': imported rows whose opt-in now says no, handled
 * by the sheet's choice (remove or tag); 'selected': the selected imported rows, removed.
 */
export type RemovalKind = 'optOuts' | 'selected';

/** What Handle opt-outs does with a withdrawn contact, chosen per sheet (default 'remove'). */
export type OptOutHandling = 'remove' | 'tag';

/** The sheet's opt-out choices, as the sidebar shows and saves them. */
export interface OptOutSettings {
  handling: OptOutHandling;
  /** The tag added when handling is 'tag' (default "opted-out"). */
  tag: string;
  /** The automatic import also handles opt-outs (off by default). */
  automatic: boolean;
}

/** What a removal would do, before anything is sent (the dry run the confirmation names). */
export interface RemovalPlan {
  kind: RemovalKind;
  /** 'tag' only for opt-outs whose sheet chose to tag. */
  handling: OptOutHandling;
  tag: string;
  sheetName: string;
  /** Rows that will be acted on. */
  eligible: number;
  /** The first few of their numbers, as sent when imported ("+91 98765 43210"). */
  sampleNumbers: string[];
  /** Rows looked at but not eligible (not imported, no number on record, removed already). */
  ineligible: number;
  /** Requests it needs at least (lookups and removals, or tag imports). */
  estimatedRequests: number;
  /** Pass back to startRemoval: the plan as confirmed, so a changed sheet is noticed. */
  confirmation: string;
  /** A sentence for the confirmation, naming the count and the first numbers. */
  message: string;
}

export interface RemovalCounts {
  removed: number;
  tagged: number;
  notFound: number;
  several: number;
  failed: number;
  /** Rows skipped when their turn came (edited since, or no longer eligible). */
  skipped: number;
  /** Rows still waiting. */
  left: number;
}

export interface RemovalProgress {
  jobId: string;
  state: JobState;
  kind: RemovalKind;
  handling: OptOutHandling;
  total: number;
  done: number;
  counts: RemovalCounts;
  requests: number;
  message: string;
  stopReason?: StopKind;
}

/** Rows the sidebar can select for fixing, by status word. */
export type ProblemRowKind = 'invalid' | 'failed' | 'phoneChanged';

export interface RowSelectionResult {
  /** Rows now selected (0 = the selection was left as it was). */
  rows: number;
  /** The selected ranges, consecutive rows merged, e.g. ["A4:F6", "A9:F9"]. */
  ranges: string[];
  message: string;
}

export interface ClearStatusResult {
  rows: number;
  message: string;
}

/** The tag names of the BotPenguin account, for the tag fields. */
export interface AccountTags {
  ok: boolean;
  tags: string[];
  /** When BotPenguin was asked, "2026-11-25 14:03"; null when it could not be asked. */
  fetchedAt: string | null;
  /** Empty when ok; otherwise what went wrong and what to do. */
  message: string;
}

/**
 * The server functions the sidebar may call through google.script.run. The server's entry file
 * implements exactly this interface, so a rename breaks the build on both sides.
 */
export interface ServerApi {
  getSettings(): SettingsView;
  saveSettings(patch: SettingsPatch): SettingsView;
  testConnection(): ConnectionResult;
  getColumns(): ColumnsView;
  previewSelection(): SelectionPreview;
  startImport(options: ImportOptions): ImportProgress;
  continueImport(jobId: string): ImportProgress;
  cancelImport(jobId: string): ImportProgress;
  startExport(options: ExportOptions): ExportProgress;
  continueExport(exportId: string): ExportProgress;
  getSheetSummary(): SheetSummary;
  selectRowsWithStatus(kind: ProblemRowKind): RowSelectionResult;
  clearStatusOfSelection(): ClearStatusResult;
  getAccountTags(refresh: boolean): AccountTags;
  /** Activates the `BotPenguin log` tab (created when missing); returns its name. */
  openLog(): string;
  getAutoImport(): AutoImportView;
  setAutoImport(on: boolean): AutoImportView;
  getUrlFetchUsage(): UrlFetchUsage;
  /** Partner mode: lists the partner's customers with the partner key. */
  testPartnerConnection(): PartnerConnectionResult;
  /** A page of the partner's customers, or the matches of a search from that page on. */
  listCustomers(query: CustomerQuery): CustomerPage;
  /** Binds the active sheet to a customer (or none with id ''). */
  chooseCustomer(choice: CustomerChoice): CustomerChoiceResult;
  /** Rows of the active sheet whose contacts had their opt-in withdrawn since import. */
  getOptOutCount(): number;
  getOptOutSettings(): OptOutSettings;
  saveOptOutSettings(patch: Partial<OptOutSettings>): OptOutSettings;
  /** The dry run: what a removal would do, sending nothing. */
  planRemoval(kind: RemovalKind): RemovalPlan;
  /** Starts the removal a plan described; `confirmation` is that plan's. */
  startRemoval(kind: RemovalKind, confirmation: string): RemovalProgress;
  continueRemoval(jobId: string): RemovalProgress;
  cancelRemoval(jobId: string): RemovalProgress;
}

// ---------------------------------------------------------------------------------------------
// Partner mode (src/server/partner.ts): an agency imports each sheet into the customer it chooses.

/** A partner's customer as the sidebar shows it: no token, ever. */
export interface CustomerView {
  id: string;
  name: string;
  email: string;
}

/** Partner mode as the sidebar sees it: never the partner key itself, nor any customer token. */
export interface PartnerView {
  /** The brand offers partner mode first (brands/<id>.json `"partnerMode": true`). */
  brandDefault: boolean;
  /** Imports go to the sheet's customer with the partner key (a key is saved and the mode is on). */
  on: boolean;
  keySet: boolean;
  keyLast4: string | null;
  /** The active sheet's customer; null when none is chosen. */
  customer: CustomerView | null;
  /** The sheet's customer was not found among the partner's customers the last time it was asked. */
  customerGone: boolean;
}

type PartnerConnectionKind = 'connected' | 'no-key' | 'key-rejected' | 'unreachable' | 'unexpected';

export interface PartnerConnectionResult {
  ok: boolean;
  kind: PartnerConnectionKind;
  /** A sentence a marketer can act on. */
  message: string;
  /** Customers on the first page of the partner's list (0 when the test failed). */
  customers: number;
}

export interface CustomerQuery {
  /** 1-based page of BotPenguin's customer list to start from. */
  page: number;
  /** Words that must all be in the name or email; '' = the page as it is. */
  search: string;
}

export interface CustomerPage {
  ok: boolean;
  customers: CustomerView[];
  /** The page to ask for next (a search goes on from there); null when the list has ended. */
  nextPage: number | null;
  /** Why the list could not be loaded ('' when ok). */
  message: string;
}

export interface CustomerChoice {
  /** The customer's id; '' = no customer for this sheet. */
  id: string;
  /** Set once the user agreed to import a sheet already imported into another customer. */
  confirm?: boolean;
}

export interface CustomerChoiceResult {
  ok: boolean;
  /** The sheet has rows imported into another customer: ask, then call again with confirm. */
  needsConfirm: boolean;
  /** A sentence: what was chosen, what to confirm, or why not. */
  message: string;
  partner: PartnerView;
}
