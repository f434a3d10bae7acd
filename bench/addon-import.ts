/**
 * The add-on as a marketer uses it from the menu: Import selected rows, then Retry failed rows
 * until nothing is left Queued (each a new execution with its own 6-minute limit).
 */
import { STATUS_HEADER } from '../src/shared/contracts';
import { SHEET, saveToken } from '../tools/harness';
import { type BenchEnvironment, loadContacts } from './environment';
import { type ImportCost, startMeasurement, statusColumn } from './measure';

/** Far more than any size here needs; stops a run that never drains the queue. */
const MAX_EXECUTIONS = 30;

/** The filter of the "with a filter" runs: tags 'vip, lead' (every third contact) hidden by value. */
const FILTER_HIDDEN_TAGS = 'vip, lead';

export interface AddonImportCost extends ImportCost {
  /** Rows still Queued after each execution. */
  queuedAfter: number[];
  /** Rows a filter hid from the import (0 without a filter). */
  hiddenByFilter: number;
}

export async function measureAddonImport(
  env: BenchEnvironment,
  rows: number,
  options: { filter?: boolean; latency?: Parameters<BenchEnvironment['emulator']>[1] } = {},
): Promise<AddonImportCost> {
  const em = env.emulator(undefined, options.latency);
  try {
    loadContacts(em, rows);
    saveToken(em);
    let hiddenByFilter = 0;
    if (options.filter) {
      em.user.createFilter(SHEET, `A1:D${rows + 1}`, { D: { hiddenValues: [FILTER_HIDDEN_TAGS] } });
      hiddenByFilter = em.spreadsheet.requireSheet(SHEET).rows.filter((r) => r.hiddenByFilter).length;
    }
    const measurement = await startMeasurement(em, env.mock);
    const queuedAfter: number[] = [];
    const queuedNow = () => statusColumn(em, STATUS_HEADER).filter((s) => s === 'Queued').length;
    measurement.execute('menuImportSelected');
    queuedAfter.push(queuedNow());
    for (let n = 1; n < MAX_EXECUTIONS && queuedAfter[queuedAfter.length - 1] > 0; n++) {
      measurement.execute('menuRetryFailed');
      queuedAfter.push(queuedNow());
    }
    return { ...(await measurement.finish(rows, STATUS_HEADER)), queuedAfter, hiddenByFilter };
  } finally {
    em.dispose();
  }
}
