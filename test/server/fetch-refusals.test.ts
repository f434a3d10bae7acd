/**
 * Apps Script refusing to fetch, end to end on the shipped bundle: the daily URL Fetch quota, a
 * revoked permission, a host missing from the manifest's allowlist. Each stops the run at once
 * with a sentence that says what happened and what to do; the unsent rows stay Queued ("Not sent
 * yet: …"), and once the cause is fixed Retry failed rows sends exactly those rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../emulator/index';
import type { RecordedRequest } from '../../mock-api/index';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  importRequests,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';
import { MANIFEST } from '../../tools/paths';

const t = useAddOnUnderTest();

const imports = () => importRequests(t.mock);

function namesIn(requests: RecordedRequest[]): string[] {
  return requests.flatMap((r) =>
    (r.body as { profile: { userDetails: { userProvidedName: string } } }[]).map(
      (p) => p.profile.userDetails.userProvidedName,
    ),
  );
}

const ROWS = 1000;

function setUp(): void {
  loadSheet(t.em, [HEADERS, ...contactRows(ROWS)]);
  saveToken(t.em);
  t.em.user.select(SHEET, [`A2:D${ROWS + 1}`]);
}

/** Runs the import, checks the stop, fixes the cause, retries, checks exactly the rest is sent. */
async function stopsThenRetrySendsTheRest(opts: {
  sentBeforeStop: number;
  happened: string;
  toDo: string;
  queuedDetails: string;
  fix: () => void;
}): Promise<void> {
  t.em.run('menuImportSelected');
  const alert = t.em.ui.alerts.at(-1)!.prompt;
  expect(alert).toContain(opts.happened);
  expect(alert).toContain(opts.toDo);
  expect(alert).toContain(`${(ROWS - opts.sentBeforeStop).toLocaleString('en-US')} rows stay Queued`);
  expect(alert).not.toMatch(/Exception|whitelisted|Service invoked|Required permissions/);

  const first = await imports();
  expect(namesIn(first)).toHaveLength(opts.sentBeforeStop);
  const rows = statuses(t.em);
  const queued = rows.filter((r) => r.status === 'Queued');
  expect(countBy(rows, (r) => r.status)).toEqual(
    opts.sentBeforeStop
      ? { Imported: opts.sentBeforeStop, Queued: ROWS - opts.sentBeforeStop }
      : { Queued: ROWS },
  );
  for (const r of queued) {
    expect(r.details).toContain('Not sent yet:');
    expect(r.details).toContain(opts.queuedDetails);
  }

  opts.fix();
  t.em.run('menuRetryFailed');
  const retried = namesIn((await imports()).slice(first.length));
  expect(retried.sort()).toEqual(queued.map((r) => String(r.values[0])).sort());
  expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: ROWS });
}

describe('Apps Script refuses to fetch', () => {
  it('the daily URL Fetch quota runs out mid-run; the next day Retry sends the rest', async () => {
    t.em.dispose();
    // Four requests left today: the first wave (4 × 100 rows) goes, the second is refused.
    t.em = emulatorFor(t.mock, { urlFetchUsedToday: 20_000 - 4 });
    setUp();
    await stopsThenRetrySendsTheRest({
      sentBeforeStop: 400,
      happened: 'daily allowance of requests to other servers (URL Fetch) is used up',
      toDo: "resets it at 09:00 on 2025-01-07 at the latest (24 hours after the first request; this spreadsheet's time zone, Etc/UTC); then choose Retry failed rows",
      queuedDetails: 'URL Fetch',
      fix: () => t.em.clock.advance(24 * 3600 * 1000),
    });
  });

  it('the user revokes the permission to connect mid-run; after allowing it Retry sends the rest', async () => {
    setUp();
    let revoked = false;
    t.em.onServiceCall((call) => {
      if (!revoked && call.kind === 'UrlFetchApp.fetchAll' && call.phase === 'after') {
        revoked = true;
        t.em.auth.revoke(SCOPES.externalRequest);
      }
    });
    await stopsThenRetrySendsTheRest({
      sentBeforeStop: 400,
      happened: 'not allowed to connect to BotPenguin',
      toDo: 'allow the add-on to "Connect to an external service"',
      queuedDetails: 'not allowed to connect',
      fix: () => t.em.auth.grant(SCOPES.externalRequest),
    });
  });

  it('the saved API host is not in the manifest allowlist; after picking an allowed host Retry sends all', async () => {
    t.em.dispose();
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    const allowed = 'https://api.v7.botpenguin.com/';
    t.em = emulatorFor(t.mock, { manifest: { ...manifest, urlFetchWhitelist: [allowed] } });
    setUp();
    await stopsThenRetrySendsTheRest({
      sentBeforeStop: 0,
      happened: 'not in the add-on’s list of allowed hosts',
      toDo: 'Pick an allowed API host in the sidebar',
      queuedDetails: 'allowed hosts',
      fix: () => t.em.scriptRun('saveSettings', { apiHost: allowed }),
    });
  });
});
