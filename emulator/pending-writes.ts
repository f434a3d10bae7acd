/**
 * Spreadsheet changes a script made but Apps Script has not applied yet. Apps Script batches
 * writes and applies them on SpreadsheetApp.flush(), before a read that needs them, or at the
 * end of the execution (SpreadsheetApp.flush reference). Until then the user does not see them.
 * Each execution has its own queue; a nested execution (started from a hook) flushes only its own.
 */
import type { Runtime } from './runtime';
import type { GridRange, SheetModel } from './spreadsheet-model';

interface PendingWrite {
  sheet: SheetModel;
  apply: () => void;
}

export type FlushReason = 'explicit' | 'read' | 'endOfExecution';

export class PendingWrites {
  private readonly byExecution = new Map<number, PendingWrite[]>();
  constructor(private readonly runtime: Runtime) {}

  /** Queues a change of `sheet` for the current execution (applied at once outside any execution). */
  add(sheet: SheetModel, apply: () => void): void {
    const id = this.runtime.current()?.id;
    if (id === undefined) {
      apply();
      return;
    }
    let queue = this.byExecution.get(id);
    if (!queue) {
      queue = [];
      this.byExecution.set(id, queue);
    }
    queue.push({ sheet, apply });
  }

  private queue(): PendingWrite[] | undefined {
    const id = this.runtime.current()?.id;
    return id === undefined ? undefined : this.byExecution.get(id);
  }

  /** Applies the current execution's queue in order; counts a flush when anything was applied. */
  flush(reason: FlushReason, executionId = this.runtime.current()?.id): void {
    if (executionId === undefined) return;
    const queue = this.byExecution.get(executionId);
    this.byExecution.delete(executionId);
    if (!queue || queue.length === 0) return;
    for (const write of queue) write.apply();
    this.runtime.count('SpreadsheetApp.flush.applied');
    this.runtime.count(`SpreadsheetApp.flush.${reason}`);
  }

  /** A read of `sheet` by the script: Apps Script applies the pending changes first. */
  flushBeforeReading(sheet: SheetModel): void {
    if (this.queue()?.some((write) => write.sheet === sheet)) this.flush('read');
  }

  /** Bounds check that sees the script's own pending row/column inserts. */
  contains(sheet: SheetModel, grid: GridRange): boolean {
    if (sheet.contains(grid)) return true;
    this.flushBeforeReading(sheet);
    return sheet.contains(grid);
  }

  pendingCount(): number {
    return this.queue()?.length ?? 0;
  }
}
