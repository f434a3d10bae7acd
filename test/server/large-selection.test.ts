/**
 * A 200,000-row selection end to end: preview, start and a continue, the sidebar's way. Every
 * step walks all rows (selection, plan, Queued marks, token scan), so a spread of 200,000
 * arguments or a recursive walk anywhere (src/server, emulator, tools/harness) would overflow the
 * call stack here. Counts only, no timings.
 */
import { describe, expect, it } from 'vitest';
import type { ImportProgress, SelectionPreview } from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const ROWS = 200_000;

describe('a 200,000-row selection', () => {
  // Planning 200,000 rows is real CPU work (about a minute here), hence the long timeout.
  it('previews, starts and continues without a stack overflow, each row queued once', {
    timeout: 300_000,
  }, async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(ROWS)]);
    saveToken(t.em);
    t.em.user.select(SHEET, [`A2:D${ROWS + 1}`]);

    const preview = t.em.scriptRun('previewSelection') as SelectionPreview;
    expect(preview).toMatchObject({ rowsSelected: ROWS, ready: ROWS, invalid: 0 });

    let progress = t.em.scriptRun('startImport', { mode: 'selected' }) as ImportProgress;
    expect(progress).toMatchObject({ state: 'running', total: ROWS });
    // One continue walks what every later one does (the job's rows, the Queued marks).
    progress = t.em.scriptRun('continueImport', progress.jobId) as ImportProgress;
    expect(progress.state).toBe('running');
    expect(t.em.executions.every((e) => e.error === undefined)).toBe(true);

    const counts = countBy(statuses(t.em), (r) => r.status);
    expect(counts.Imported).toBe(progress.counts.imported);
    expect(counts.Imported).toBeGreaterThan(0);
    expect(counts.Imported + counts.Queued).toBe(ROWS);
    const sent = (await t.mock.requests())
      .filter((r) => r.path === '/inbox/users/import')
      .reduce((n, r) => n + (r.profiles ?? 0), 0);
    expect(sent).toBe(counts.Imported);
  });
});
