/**
 * What an import does with a row whose opt-in now says no but whose contact is in BotPenguin:
 * never Skipped (that would lose the record of the number sent), but Opted out, so Handle
 * opt-outs can remove or tag exactly that contact. Rows handled already stay as they are.
 */
import type { RowOutcome } from '../core/contacts';
import { optedOutDetails, recordedNumberOf, withoutRemovalToken } from '../core/removal';
import { STATUS } from '../shared/contracts';
import type { PlannedRow } from './row-plan';
import { cellAt, type SheetContext } from './sheet-context';

/** Statuses whose Details record a contact that is in BotPenguin as sent. */
const WITH_CONTACT: readonly string[] = [STATUS.imported, STATUS.phoneChanged, STATUS.invalid];
/** Statuses an opted-out row keeps: handled already, or waiting for Handle opt-outs. */
const HANDLED: readonly string[] = [STATUS.optedOut, STATUS.optOutTagged, STATUS.removed, STATUS.notRemoved];

export function optedOutPlan(ctx: SheetContext, row: number, outcome: RowOutcome): PlannedRow | null {
  const status = cellAt(ctx, row, ctx.data.statusColumn);
  if (HANDLED.includes(status))
    return { row, action: 'keep', update: ['', ''], counted: 'optedOut', outcome };
  if (!WITH_CONTACT.includes(status)) return null;
  const number = recordedNumberOf(withoutRemovalToken(cellAt(ctx, row, ctx.data.detailsColumn)));
  if (!number) return null;
  return {
    row,
    action: 'write',
    update: [STATUS.optedOut, optedOutDetails(number)],
    counted: 'optedOut',
    outcome,
  };
}
