/**
 * Which rows an import looks at, and what happens to each before anything is sent: queued for
 * sending, left alone (already imported, unchanged), or marked at once (invalid, duplicate,
 * hidden by a filter, or valid in a validation run).
 */
import { contactFingerprint, describeSentNumber, type RowOutcome } from '../core/contacts';
import { accountRef, sameAccount } from '../core/customers';
import { formatInternational } from '../core/phone';
import {
  blankRowDetails,
  duplicateDetails,
  hiddenByFilterDetails,
  importRecordOf,
  invalidDetails,
  noConsentDetails,
  phoneChangedDetails,
  queuedJobOf,
  validDetails,
} from '../core/status-details';
import type { ImportMode, StatusCounts } from '../shared/contracts';
import { STATUS } from '../shared/contracts';
import { t } from '../shared/i18n';
import { optedOutPlan } from './removal-plan';
import { rowsHiddenByFilter, type StatusUpdate, selectedRowNumbers } from './sheet';
import { cellAt, outcomesOf, type SheetContext } from './sheet-context';

export interface PlannedRow {
  row: number;
  /** 'send' rows are queued; 'keep' rows are already imported and left untouched. */
  action: 'send' | 'keep' | 'write';
  update: StatusUpdate;
  /** The count it adds to: a job's StatusCounts key, or the preview's noConsent / optedOut (both
   * Skipped in a job's counts). */
  counted: keyof StatusCounts | 'noConsent' | 'optedOut';
  outcome: RowOutcome;
}

/**
 * The rows a mode considers: the selection, every row, or what failed or is still queued. An
 * automatic run takes a Queued row only when one of `adoptable` (the trigger owner's own jobs)
 * queued it: rows another person's run left Queued wait for their Retry, never going into
 * the trigger owner's account.
 */
export function candidateRows(
  ctx: SheetContext,
  mode: ImportMode,
  adoptable: ReadonlySet<string> = new Set(),
): number[] {
  const { data } = ctx;
  if (mode === 'selected' || mode === 'validate') {
    return selectedRowNumbers(ctx.sheet, data.headerRow, data.lastRow);
  }
  const all: number[] = [];
  for (let row = data.headerRow + 1; row <= data.lastRow; row++) all.push(row);
  if (mode === 'all') return all;
  return all.filter((row) => {
    const status = cellAt(ctx, row, data.statusColumn);
    // Automatic runs leave Failed rows to Retry: BotPenguin refused them and would again.
    if (mode === 'auto') {
      if (status === STATUS.failed) return false;
      const job = queuedJobOf(status, cellAt(ctx, row, data.detailsColumn));
      return job === null || adoptable.has(job);
    }
    return status === STATUS.failed || status === STATUS.queued;
  });
}

/** Built when used: the words are in the language of this execution. */
export const hiddenByFilterUpdate = (): StatusUpdate => [STATUS.skipped, hiddenByFilterDetails()];

function hiddenRow(ctx: SheetContext, row: number): PlannedRow | null {
  const outcome = outcomesOf(ctx, [row])[0];
  if (outcome.kind === 'blank') return null;
  return { row, action: 'write', update: hiddenByFilterUpdate(), counted: 'skipped', outcome };
}

/** What a row holds that keeps it from being sent. */
export type UnsendableOutcome = Exclude<RowOutcome, { kind: 'valid' }>;

/**
 * The one rule for a row not sent because of what it holds: its status, Details and count, when a
 * run is planned and again when a Queued row is checked before its chunk is sent. `earlier` is
 * the row's Details now, so an import on record stays on record.
 */
export function unsendableUpdate(
  outcome: UnsendableOutcome,
  earlier: string,
): { update: StatusUpdate; counted: 'invalid' | 'noConsent' | 'duplicates' } {
  switch (outcome.kind) {
    case 'invalid':
      return { update: [STATUS.invalid, invalidDetails(outcome.reasons, earlier)], counted: 'invalid' };
    case 'blank':
      return { update: [STATUS.invalid, blankRowDetails()], counted: 'invalid' };
    case 'no-consent':
      return { update: [STATUS.skipped, noConsentDetails(outcome.reasons)], counted: 'noConsent' };
    case 'duplicate':
      return { update: [STATUS.skipped, duplicateDetails(outcome.reasons)], counted: 'duplicates' };
  }
}

/** Plan outcomes counted as Skipped in a job's counts (and, for some, in one of its parts). */
const SKIPPED_PARTS: Partial<
  Record<PlannedRow['counted'], 'alreadyImported' | 'duplicates' | 'phoneChanged' | null>
> = {
  alreadyImported: 'alreadyImported',
  duplicates: 'duplicates',
  phoneChanged: 'phoneChanged',
  noConsent: null,
  optedOut: null,
};

/** Adds one planned row to a job's counts: the one place a plan outcome becomes a count. */
export function countPlanned(counts: StatusCounts, counted: PlannedRow['counted']): void {
  const part = SKIPPED_PARTS[counted];
  if (part === undefined) {
    counts[counted as keyof StatusCounts]++;
    return;
  }
  counts.skipped++;
  if (part) counts[part]++;
}

type ValidOutcome = Extract<RowOutcome, { kind: 'valid' }>;

/**
 * A row that was imported: left alone when unchanged; never sent as another number without an
 * explicit Re-send (that would create a second contact in BotPenguin); sent again when only other
 * fields changed (BotPenguin updates the contact). Null when the row has no import on record.
 */
function planImportedRow(
  ctx: SheetContext,
  row: number,
  outcome: ValidOutcome,
  customerId: string | null,
): PlannedRow | null {
  const status = cellAt(ctx, row, ctx.data.statusColumn);
  // Invalid rows may carry the record of an import made before the row became unreadable.
  if (status !== STATUS.imported && status !== STATUS.phoneChanged && status !== STATUS.invalid) return null;
  const record = importRecordOf(cellAt(ctx, row, ctx.data.detailsColumn));
  // Imported into another account (partner mode: another customer): not imported into this one.
  if (!record || !sameAccount(record.fingerprint, customerId)) return null;
  const digits = outcome.phone.e164.slice(1);
  if (record.digits !== null && record.digits !== digits) {
    const update: StatusUpdate = [
      STATUS.phoneChanged,
      phoneChangedDetails(record, describeSentNumber(outcome.phone)),
    ];
    return { row, action: 'write', update, counted: 'phoneChanged', outcome };
  }
  if (record.fingerprint === accountRef(contactFingerprint(outcome.payload), customerId)) {
    // Unchanged; a row marked Phone changed whose phone was put back is Imported again.
    if (status === STATUS.imported)
      return { row, action: 'keep', update: ['', ''], counted: 'alreadyImported', outcome };
    return {
      row,
      action: 'write',
      update: [STATUS.imported, record.text],
      counted: 'alreadyImported',
      outcome,
    };
  }
  return null;
}

function planValidRow(
  ctx: SheetContext,
  row: number,
  outcome: ValidOutcome,
  mode: ImportMode,
  force: boolean,
  customerId: string | null,
): PlannedRow {
  if (!force) {
    const imported = planImportedRow(ctx, row, outcome, customerId);
    if (imported) return imported;
  }
  if (mode === 'validate') {
    return {
      row,
      action: 'write',
      update: [STATUS.valid, validDetails(outcome.label)],
      counted: 'valid',
      outcome,
    };
  }
  return { row, action: 'send', update: ['', ''], counted: 'queued', outcome };
}

/** Statuses of rows whose contact is still in BotPenguin under the number their record names. */
const HOLDING_STATUSES = new Set<string>([
  STATUS.imported,
  STATUS.phoneChanged,
  STATUS.invalid,
  STATUS.optedOut,
  STATUS.optOutTagged,
  STATUS.notRemoved,
]);

/**
 * Which row holds each number in BotPenguin: the rows whose Details record an import of it
 * (Imported, or Phone changed / Invalid / an opt-out status since), first row first. Read from
 * the whole sheet, so a row outside the selection still owns its number.
 */
function numberOwners(ctx: SheetContext, customerId: string | null): Map<string, number> {
  const owners = new Map<string, number>();
  const { data } = ctx;
  if (data.statusColumn < 0 || data.detailsColumn < 0) return owners;
  data.rows.forEach((values, i) => {
    if (!HOLDING_STATUSES.has(String(values[data.statusColumn] ?? ''))) return;
    const record = importRecordOf(String(values[data.detailsColumn] ?? ''));
    // Partner mode: a number is owned only in the account the run imports into.
    if (!record?.digits || !sameAccount(record.fingerprint, customerId)) return;
    if (!owners.has(record.digits)) owners.set(record.digits, data.headerRow + 1 + i);
  });
  return owners;
}

/** A row whose number another row already imported: not sent, so that contact keeps its name. */
function ownedElsewhere(
  ctx: SheetContext,
  row: number,
  owner: number,
  digits: string,
  outcomes: Map<number, RowOutcome>,
): PlannedRow {
  const ownerOutcome = outcomes.get(owner) ?? outcomesOf(ctx, [owner])[0];
  const name = ownerOutcome.kind === 'blank' ? '' : ownerOutcome.label;
  // formatInternational parses '+' + both parts: the digits alone make the number.
  const phone = formatInternational('', digits);
  const reason = t('contact.numberOwned', { row: owner, phone, name: name || phone });
  const outcome = outcomes.get(row) as RowOutcome;
  return {
    row,
    action: 'write',
    update: [STATUS.skipped, duplicateDetails([reason])],
    counted: 'duplicates',
    outcome,
  };
}

/** Decides what happens to each candidate row before anything is sent. Blank rows are dropped. */
export function planRows(
  ctx: SheetContext,
  rows: number[],
  mode: ImportMode,
  force: boolean,
  /** Partner mode: the customer the run is for (rows are "already imported" only for that one). */
  customerId: string | null = null,
): PlannedRow[] {
  const hidden = rowsHiddenByFilter(ctx.sheet, rows);
  const visible = rows.filter((r) => !hidden.has(r));
  const owners = numberOwners(ctx, customerId);
  const ownerRows = new Set(owners.values());
  // Rows that imported a number are read first, so a new row with the same number is the duplicate.
  const ordered = [...visible.filter((r) => ownerRows.has(r)), ...visible.filter((r) => !ownerRows.has(r))];
  const orderedOutcomes = outcomesOf(ctx, ordered);
  const outcomeOf = new Map(ordered.map((row, i) => [row, orderedOutcomes[i]]));
  const planned: PlannedRow[] = [];
  for (const row of rows) {
    if (hidden.has(row)) {
      const plan = hiddenRow(ctx, row);
      if (plan) planned.push(plan);
      continue;
    }
    const outcome = outcomeOf.get(row)!;
    if (outcome.kind === 'valid') {
      const owner = owners.get(outcome.key);
      if (owner !== undefined && owner !== row && !ownerRows.has(row)) {
        planned.push(ownedElsewhere(ctx, row, owner, outcome.key, outcomeOf));
        continue;
      }
    }
    if (outcome.kind === 'duplicate' && ownerRows.has(outcome.firstRow) && !ownerRows.has(row)) {
      const digits = [...owners].find(([, r]) => r === outcome.firstRow)?.[0] ?? '';
      planned.push(ownedElsewhere(ctx, row, outcome.firstRow, digits, outcomeOf));
      continue;
    }
    if (outcome.kind === 'duplicate' && ownerRows.has(row)) {
      // Two rows that each imported this number: neither loses its status or record.
      planned.push({ row, action: 'keep', update: ['', ''], counted: 'alreadyImported', outcome });
      continue;
    }
    switch (outcome.kind) {
      case 'blank':
        break;
      case 'invalid':
        planned.push({
          row,
          action: 'write',
          ...unsendableUpdate(outcome, cellAt(ctx, row, ctx.data.detailsColumn)),
          outcome,
        });
        break;
      case 'no-consent':
        // Imported before: the contact is in BotPenguin, so its record stays (Opted out).
        planned.push(
          optedOutPlan(ctx, row, outcome) ?? {
            row,
            action: 'write',
            ...unsendableUpdate(outcome, ''),
            outcome,
          },
        );
        break;
      case 'duplicate':
        planned.push({ row, action: 'write', ...unsendableUpdate(outcome, ''), outcome });
        break;
      case 'valid':
        planned.push(planValidRow(ctx, row, outcome, mode, force, customerId));
        break;
    }
  }
  return planned;
}
