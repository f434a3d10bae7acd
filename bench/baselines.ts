/**
 * The per-row ways of importing, run on the same emulator against the same mock as the add-on.
 * Each is a small Apps Script source in bench/baselines/. Sending 50,000 rows one request each
 * would take minutes of real HTTP, so a run stops after a sample of rows (it always finishes the
 * execution it is in, so the 6-minute limit shows on the virtual clock) and the rest is
 * extrapolated linearly from the sample, and labelled so.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKEN } from '../tools/harness';
import { type BenchEnvironment, isSheetsCall, loadContacts, type ScriptFile } from './environment';
import { DAILY_URL_FETCH_QUOTA, type ImportFigures, measuredFigures, WAYS, type WayId } from './figures';
import { type ImportCost, startMeasurement, sumCalls } from './measure';

export interface BaselineScript {
  id: 'per-contact' | 'per-row-tutorial';
  /** File in bench/baselines/ and the function a user would run from the script editor. */
  file: string;
  functionName: string;
}

export const PER_CONTACT: BaselineScript = {
  id: 'per-contact',
  file: 'per-contact-requests.gs',
  functionName: 'importContactsOneRequestEach',
};

export const PER_ROW_TUTORIAL: BaselineScript = {
  id: 'per-row-tutorial',
  file: 'per-row-tutorial.gs',
  functionName: 'importContactsRowByRow',
};

const STATUS_HEADER = 'Status';
const TOKEN_PROPERTY = 'BOTPENGUIN_TOKEN';
const MAX_EXECUTIONS = 30;

function baselineFile(script: BaselineScript): ScriptFile {
  const path = join(dirname(fileURLToPath(import.meta.url)), 'baselines', script.file);
  return { path, source: readFileSync(path, 'utf8') };
}

/** Runs executions until every row is sent or at least `sampleRows` rows were. */
export async function measureBaseline(
  env: BenchEnvironment,
  script: BaselineScript,
  rows: number,
  sampleRows: number,
): Promise<ImportFigures> {
  const em = env.emulator(baselineFile(script));
  try {
    loadContacts(em, rows);
    em.properties.script.set(TOKEN_PROPERTY, TOKEN);
    const measurement = await startMeasurement(em, env.mock);
    for (let n = 0; n < MAX_EXECUTIONS; n++) {
      const execution = measurement.execute(script.functionName);
      if (!execution.killed || measurement.requestsSoFar() >= sampleRows) break;
      // A stopped run of a script that writes statuses at the end would only start over.
      if (!WAYS[script.id].resumable) break;
    }
    const measured = await measurement.finish(rows, STATUS_HEADER);
    return extrapolate(script.id, measured);
  } finally {
    em.dispose();
  }
}

/**
 * From the rows really sent to all rows: one request per row, so every count and the simulated
 * time scale with rows (the few per-execution setup calls are scaled along). Executions: rows over
 * what the first execution got through before the 6-minute limit stopped it.
 */
function extrapolate(way: WayId, measured: ImportCost): ImportFigures {
  const figures = measuredFigures(way, measured);
  const complete = !measured.executions[measured.executions.length - 1].killed;
  if (complete) return figures;
  const { rows } = measured;
  const scale = rows / measured.requests;
  const scaled = (record: Record<string, number>) =>
    Object.fromEntries(Object.entries(record).map(([kind, n]) => [kind, Math.round(n * scale)]));
  const calls = scaled(measured.calls);
  return {
    ...figures,
    requests: rows,
    calls,
    sheetsCalls: sumCalls(calls, isSheetsCall),
    msByKind: scaled(measured.msByKind),
    simulatedMs: measured.simulatedMs * scale,
    executions: Math.ceil(rows / figures.rowsPerExecution),
    urlFetchQuotaShare: rows / DAILY_URL_FETCH_QUOTA,
    basis: 'extrapolated',
  };
}
