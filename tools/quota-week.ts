/**
 * A simulated week of automatic import on one sheet (issue 22's quota soak): the owner's hourly
 * trigger, editors adding rows every hour, on the shipped bundle in the emulator with its daily
 * quotas (trigger runtime 90 min, Properties 50,000 reads/writes, URL Fetch 20,000: consumer
 * account). Reports what each day used; `npm run quota-week` writes bench/results/quota-week.md.
 */
import type { MockBotPenguin } from '../mock-api/index';
import { contactRows, emulatorFor, HEADERS, loadSheet, SHEET, saveToken, statuses } from './harness';

const HOUR = 3_600_000;

export interface QuotaWeekOptions {
  rows: number;
  days: number;
  /** Rows editors add each hour. */
  rowsPerHour: number;
}

interface DayUse {
  day: number;
  triggerRuns: number;
  triggerRuntimeMin: number;
  propertiesOps: number;
  urlFetch: number;
  failedRuns: number;
}

export interface QuotaWeekResult {
  days: DayUse[];
  imported: number;
  rowsAtEnd: number;
  notImported: number;
}

export async function simulateQuotaWeek(
  mock: MockBotPenguin,
  options: QuotaWeekOptions,
): Promise<QuotaWeekResult> {
  const em = emulatorFor(mock, { userEmail: 'owner@example.com', users: { 'editor@example.com': {} } });
  try {
    loadSheet(em, [HEADERS, ...contactRows(options.rows)]);
    saveToken(em);
    em.scriptRun('setAutoImport', true);
    const days: DayUse[] = [];
    let next = options.rows;
    for (let day = 1; day <= options.days; day++) {
      const reads = () =>
        (em.counters['PropertiesService.reads'] ?? 0) + (em.counters['PropertiesService.writes'] ?? 0);
      const opsBefore = reads();
      const fetchBefore = em.http.log.length;
      const execBefore = em.executions.length;
      for (let hour = 0; hour < 24; hour++) {
        const model = em.spreadsheet.requireSheet(SHEET);
        const at = model.lastRow() + 1;
        em.user.insertRows(SHEET, at, options.rowsPerHour);
        em.user.setValues(
          SHEET,
          `A${at}:D${at + options.rowsPerHour - 1}`,
          contactRows(options.rowsPerHour, next),
        );
        next += options.rowsPerHour;
        em.triggers.runDue(em.clock.now() + HOUR);
      }
      const runs = em.executions.slice(execBefore).filter((e) => e.kind === 'timeTrigger');
      days.push({
        day,
        triggerRuns: runs.length,
        triggerRuntimeMin: Math.round((runs.reduce((sum, e) => sum + e.elapsedMs, 0) / 60_000) * 10) / 10,
        propertiesOps: reads() - opsBefore,
        urlFetch: em.http.log.length - fetchBefore,
        failedRuns: runs.filter((e) => e.error).length,
      });
    }
    const rows = statuses(em);
    const imported = rows.filter((r) => r.status === 'Imported').length;
    return { days, imported, rowsAtEnd: rows.length, notImported: rows.length - imported };
  } finally {
    em.dispose();
  }
}
