/**
 * The add-on as a marketer uses it from the menu: Import selected rows, then Retry failed rows
 * until nothing is left Queued (each a new execution with its own 6-minute limit).
 */
import { STATUS_HEADER } from '../src/shared/contracts';
import { saveToken } from '../tools/harness';
import { type BenchEnvironment, loadContacts } from './environment';
import { type ImportCost, startMeasurement, statusColumn } from './measure';

/** Far more than any size here needs; stops a run that never drains the queue. */
const MAX_EXECUTIONS = 30;

export async function measureAddonImport(env: BenchEnvironment, rows: number): Promise<ImportCost> {
  const em = env.emulator();
  try {
    loadContacts(em, rows);
    saveToken(em);
    const measurement = await startMeasurement(em, env.mock);
    measurement.execute('menuImportSelected');
    const anyQueued = () => statusColumn(em, STATUS_HEADER).includes('Queued');
    for (let n = 1; n < MAX_EXECUTIONS && anyQueued(); n++) measurement.execute('menuRetryFailed');
    return await measurement.finish(rows, STATUS_HEADER);
  } finally {
    em.dispose();
  }
}
