/**
 * Fires installable triggers: a Google Form response arriving in a sheet, and time-driven
 * triggers falling due on the virtual clock. Each handler runs as its own execution (AuthMode
 * FULL, no UI); a failure is recorded in the run and in em.executions, never thrown.
 */
import { describeError, type ExecutionKind, type VirtualClock } from './runtime';
import type { GridRange, SheetModel } from './spreadsheet-model';
import { AUTH_MODE, type TriggerRecord } from './utilities';

export interface TriggerRun {
  fn: string;
  triggerUid: string;
  /** Whose trigger it is (the execution runs with their authority). */
  user: string;
  at: number;
  error?: string;
}

interface TriggerDeps {
  triggers: TriggerRecord[];
  clock: VirtualClock;
  documentId: string;
  sheetNamed: (name: string) => SheetModel;
  rangeOf: (sheet: SheetModel, grid: GridRange) => unknown;
  spreadsheetFacade: () => unknown;
  /** Runs the handler as one execution with `user`'s authority (the trigger's creator). */
  execute: (
    fn: string,
    kind: ExecutionKind,
    makeEvent: () => Record<string, unknown>,
    user: string,
  ) => unknown;
}

export function createTriggerApi(deps: TriggerDeps) {
  const { triggers, clock } = deps;
  const runTrigger = (
    trigger: TriggerRecord,
    kind: ExecutionKind,
    makeEvent: () => Record<string, unknown>,
  ): TriggerRun => {
    const run: TriggerRun = {
      fn: trigger.handlerFunction,
      triggerUid: trigger.id,
      user: trigger.user,
      at: clock.now(),
    };
    try {
      deps.execute(trigger.handlerFunction, kind, makeEvent, trigger.user);
    } catch (error) {
      run.error = describeError(error);
    }
    return run;
  };

  return {
    /** Triggers created by ScriptApp (all users). */
    list: triggers,
    /**
     * A Google Form response arriving: appends the row to the sheet (as Forms does, immediately
     * and outside any execution) and runs every ON_FORM_SUBMIT trigger of this spreadsheet.
     */
    fireFormSubmit(sheetName: string, rowValues: unknown[]): TriggerRun[] {
      const sheet = deps.sheetNamed(sheetName);
      const row = sheet.lastRow() + 1;
      if (row > sheet.maxRows) sheet.insertRows(row, 1);
      if (rowValues.length > sheet.maxColumns)
        sheet.insertColumns(sheet.maxColumns, rowValues.length - sheet.maxColumns);
      rowValues.forEach((value, index) => {
        sheet.writeInput(row, index + 1, value);
      });
      const values = rowValues.map((value) => String(value ?? ''));
      const namedValues: Record<string, string[]> = {};
      values.forEach((value, index) => {
        namedValues[String(sheet.cell(1, index + 1)?.value ?? '')] = [value];
      });
      const grid = { row, column: 1, numRows: 1, numColumns: Math.max(1, rowValues.length) };
      return triggers
        .filter((t) => t.eventType === 'ON_FORM_SUBMIT' && t.documentId === deps.documentId)
        .map((t) =>
          runTrigger(t, 'formSubmitTrigger', () => ({
            authMode: AUTH_MODE.FULL,
            triggerUid: t.id,
            range: deps.rangeOf(sheet, grid),
            source: deps.spreadsheetFacade(),
            values,
            namedValues,
          })),
        );
    },
    /** Advances the virtual clock to `virtualTime`, running each time-driven trigger as it falls due. */
    runDue(virtualTime: number): TriggerRun[] {
      const runs: TriggerRun[] = [];
      for (;;) {
        let next: TriggerRecord | undefined;
        for (const t of triggers) {
          if (t.nextDueAt === undefined || t.nextDueAt > virtualTime) continue;
          if (!next || t.nextDueAt < (next.nextDueAt ?? Number.POSITIVE_INFINITY)) next = t;
        }
        if (!next || next.nextDueAt === undefined || next.everyMs === undefined) break;
        if (next.nextDueAt > clock.now()) clock.advance(next.nextDueAt - clock.now());
        next.nextDueAt += next.everyMs;
        const due = next;
        runs.push(
          runTrigger(due, 'timeTrigger', () => {
            const at = new Date(clock.now());
            return {
              authMode: AUTH_MODE.FULL,
              triggerUid: due.id,
              year: at.getUTCFullYear(),
              month: at.getUTCMonth() + 1,
              'day-of-month': at.getUTCDate(),
              hour: at.getUTCHours(),
              minute: at.getUTCMinutes(),
              second: at.getUTCSeconds(),
              timezone: 'UTC',
            };
          }),
        );
      }
      if (virtualTime > clock.now()) clock.advance(virtualTime - clock.now());
      return runs;
    },
  };
}
