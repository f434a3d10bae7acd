/**
 * What every benchmark scenario shares: one BotPenguin mock (a child process on 127.0.0.1) and
 * emulators wired to it exactly as the tests wire the add-on, each with the default latency model.
 */
import type { Emulator, LatencyModel } from '../emulator/index';
import type { MockBotPenguin } from '../mock-api/index';
import { contactRows, emulatorFor, HEADERS, loadSheet, SHEET, startMock } from '../tools/harness';

export interface ScriptFile {
  path: string;
  source: string;
}

export interface BenchEnvironment {
  mock: MockBotPenguin;
  /** A fresh emulator running the built add-on, or the given script (a baseline) instead;
   * `latency` overrides the environment's (the sensitivity runs). */
  emulator(script?: ScriptFile, latency?: Partial<LatencyModel>): Emulator;
  stop(): Promise<void>;
}

/** `latency` is for tests only (e.g. to reach the time limit in a few rows); the benchmark uses the default. */
export async function startBenchEnvironment(latency?: Partial<LatencyModel>): Promise<BenchEnvironment> {
  const mock = await startMock();
  const emulators: Emulator[] = [];
  return {
    mock,
    emulator(script, override) {
      const chosen = override ?? latency;
      const em = emulatorFor(mock, {
        ...(script === undefined ? {} : { bundleSource: script.source, bundlePath: script.path }),
        ...(chosen === undefined ? {} : { latency: chosen }),
      });
      emulators.push(em);
      return em;
    },
    async stop() {
      for (const em of emulators) em.dispose();
      await mock.stop();
    },
  };
}

/** A new sheet of `rows` distinct valid contacts under a header row, all of them selected. */
export function loadContacts(em: Emulator, rows: number): void {
  em.user.addSheet(SHEET);
  const model = em.spreadsheet.requireSheet(SHEET);
  // A new sheet has 1,000 rows; a user pasting more gets more.
  const missing = rows + 1 - model.maxRows;
  if (missing > 0) em.user.insertRows(SHEET, model.maxRows + 1, missing);
  loadSheet(em, [HEADERS, ...contactRows(rows)]);
  em.user.select(SHEET, [`A2:D${rows + 1}`]);
}

/** Service calls that touch the spreadsheet (SpreadsheetApp and everything it hands out). */
const SHEETS_CALL_PREFIXES = ['SpreadsheetApp.', 'Spreadsheet.', 'Sheet.', 'Range.', 'RangeList.', 'Filter.'];

export function isSheetsCall(kind: string): boolean {
  return SHEETS_CALL_PREFIXES.some((prefix) => kind.startsWith(prefix));
}
