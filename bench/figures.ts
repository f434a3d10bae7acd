/** What the report shows for one way of importing at one size, measured or extrapolated. */
import type { ExecutionCost, ImportCost } from './measure';

export type WayId = 'addon' | 'per-contact' | 'per-row-tutorial';

export interface WayInfo {
  label: string;
  description: string;
  /** A new run carries on where a stopped one left off. */
  resumable: boolean;
}

export const WAYS: Record<WayId, WayInfo> = {
  addon: {
    label: 'add-on',
    description:
      'this add-on from the menu: Import selected rows, then Retry failed rows while any row is Queued (batches of 100, 4 requests at a time)',
    resumable: true,
  },
  'per-contact': {
    label: 'one request per contact',
    description:
      "one profile per request, as BotPenguin's n8n node and Pipedream's action send them; the sheet read once, statuses written once at the end (bench/baselines/per-contact-requests.gs)",
    resumable: false,
  },
  'per-row-tutorial': {
    label: 'per-row tutorial loop',
    description:
      'for each row: getValue per cell, one request, setValue of its status cell, as common Apps Script tutorials do; skips rows already Imported (bench/baselines/per-row-tutorial.gs)',
    resumable: true,
  },
};

/** Apps Script's URL Fetch calls per day on a consumer (gmail.com) account. */
export const DAILY_URL_FETCH_QUOTA = 20_000;

export interface ImportFigures {
  way: WayId;
  rows: number;
  requests: number;
  /** Service calls by kind, all services; `sheetsCalls` is the Sheets part. */
  calls: Record<string, number>;
  sheetsCalls: number;
  /** Simulated time by kind of service call. */
  msByKind: Record<string, number>;
  simulatedMs: number;
  /** Executions needed to import every row under the 6-minute limit. */
  executions: number;
  /** Share of one day's URL Fetch quota (1 = a whole day). */
  urlFetchQuotaShare: number;
  /** 'measured': every row really ran. 'extrapolated': `sampledRows` ran, the rest scaled. */
  basis: 'measured' | 'extrapolated';
  sampledRows: number;
  /** Rows one execution got through: all of them, or as far as the time limit let it. */
  rowsPerExecution: number;
  executionLog: ExecutionCost[];
  statusCounts: Record<string, number>;
}

export function measuredFigures(way: WayId, cost: ImportCost): ImportFigures {
  return {
    way,
    rows: cost.rows,
    requests: cost.requests,
    calls: cost.calls,
    sheetsCalls: cost.sheetsCalls,
    msByKind: cost.msByKind,
    simulatedMs: cost.simulatedMs,
    executions: cost.executions.length,
    urlFetchQuotaShare: cost.requests / DAILY_URL_FETCH_QUOTA,
    basis: 'measured',
    sampledRows: cost.requests,
    rowsPerExecution: Math.min(cost.rows, cost.executions[0]?.requests ?? 0),
    executionLog: cost.executions,
    statusCounts: cost.statusCounts,
  };
}
