/**
 * `npm run soak -- [--sessions N] [--minutes M] [--seed S] [--workers W] [--out FILE]`: runs chaos sessions of
 * seeds S, S+1, … (W worker processes, each with its own mock and emulator) until N sessions or M
 * minutes, then writes bench/results/soak.md: sessions, commands and faults by kind, invariant
 * checks, and every failure with its seed, replay command and shrunk command list.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { addStats, describeFailure, runSeed, type SeedResult } from '../tools/chaos/runner';
import { emptyStats } from '../tools/chaos/session';
import { commitDescription } from '../tools/commit';
import { startMock } from '../tools/harness';
import { ROOT } from '../tools/paths';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string' },
    minutes: { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string', default: String(Math.min(2, cpus().length)) },
    worker: { type: 'boolean', default: false },
    step: { type: 'string', default: '1' },
    until: { type: 'string' },
    /** Where the report goes (default bench/results/soak.md); test/build/scripts.test.ts writes elsewhere. */
    out: { type: 'string' },
  },
});

/** A worker: seeds from `seed` in steps of `step` until `sessions` or the `until` time; one JSON line per seed. */
async function worker(): Promise<void> {
  const mock = await startMock();
  try {
    const step = Number(values.step);
    const until = Number(values.until ?? Number.POSITIVE_INFINITY);
    for (let i = 0, seed = Number(values.seed); i < Number(values.sessions); i++, seed += step) {
      if (Date.now() >= until) break;
      const result = await runSeed(mock, seed, { shrinkBudgetMs: 60_000 });
      process.send?.(result);
    }
  } finally {
    await mock.stop();
  }
}

async function main(): Promise<void> {
  const first = values.seed === undefined ? Date.now() % 1_000_000_000 : Number(values.seed);
  const minutes = values.minutes === undefined ? null : Number(values.minutes);
  const sessions =
    values.sessions === undefined
      ? minutes === null
        ? 2000
        : Number.MAX_SAFE_INTEGER
      : Number(values.sessions);
  const workers = Math.max(1, Number(values.workers));
  const started = Date.now();
  const until = minutes === null ? Number.POSITIVE_INFINITY : started + minutes * 60_000;
  const results: SeedResult[] = [];
  // Printed first, so a run stopped before its report can still be replayed.
  console.error(`soak: seeds from ${first} (${workers} workers)`);
  const script = fileURLToPath(import.meta.url);
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const share = Math.ceil((sessions - w) / workers);
      const args = [
        '--worker',
        '--seed',
        String(first + w),
        '--step',
        String(workers),
        '--sessions',
        String(share),
      ];
      if (Number.isFinite(until)) args.push('--until', String(until));
      const child = fork(script, args, { execArgv: process.execArgv });
      child.on('message', (result: SeedResult) => {
        results.push(result);
        if (result.failure) console.error(describeFailure(result));
        if (results.length % 50 === 0)
          console.error(`${results.length} sessions, ${results.filter((r) => r.failure).length} failed`);
      });
      return new Promise<void>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`worker ${w} exited with ${code}`)),
        ),
      );
    }),
  );
  const report = renderReport(results, first, workers, Date.now() - started);
  writeFileSync(values.out ?? join(ROOT, 'bench', 'results', 'soak.md'), report);
  console.log(report);
  process.exitCode = results.some((r) => r.failure) ? 1 : 0;
}

function table(counts: Record<string, number>, what: string): string[] {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return [
    `| ${what} | count |`,
    '| --- | ---: |',
    ...rows.map(([k, v]) => `| ${k} | ${v.toLocaleString('en-US')} |`),
  ];
}

function renderReport(results: SeedResult[], first: number, workers: number, wallMs: number): string {
  const total = emptyStats();
  for (const r of results) addStats(total, r.stats);
  const failures = results.filter((r) => r.failure).sort((a, b) => a.seed - b.seed);
  const commands = Object.values(total.commands).reduce((a, b) => a + b, 0);
  const faults = Object.values(total.faults).reduce((a, b) => a + b, 0);
  const seeds = results.map((r) => r.seed);
  return [
    '# Chaos soak',
    '',
    `Written by \`npm run soak\` on commit ${commitDescription()}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${workers} workers, ${Math.round(wallMs / 60_000)} min wall time). Each session is one seed: a generated sheet shared by two users (the owner, and an editor with their own token and BotPenguin account) and up to 18 commands (either user's actions and menu runs, the owner's sidebar and trigger runs, faults), every invariant checked after each command, then faults off, the editor's Retry, Import all, Retry until nothing is Queued, and the end-state check. Replay any seed with \`npm run chaos -- --seed N\`.`,
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| sessions | ${results.length.toLocaleString('en-US')} |`,
    `| seeds | ${Math.min(...seeds)}–${Math.max(...seeds)} (from ${first}) |`,
    `| commands | ${commands.toLocaleString('en-US')} |`,
    `| faults injected | ${faults.toLocaleString('en-US')} |`,
    `| invariant checks | ${total.invariantChecks.toLocaleString('en-US')} |`,
    `| requests the mock received | ${total.requests.toLocaleString('en-US')} |`,
    `| failures | ${failures.length} |`,
    '',
    '## Faults injected, by kind',
    '',
    ...table(total.faults, 'fault'),
    '',
    '## Commands, by kind',
    '',
    ...table(total.commands, 'command'),
    '',
    '## Inside commands',
    '',
    'User actions done while a run waited on BotPenguin, and automatic runs (whether a trigger was installed to run).',
    '',
    ...table(total.events, 'event'),
    '',
    '## Failures',
    '',
    ...(failures.length === 0
      ? ['None.']
      : failures.map((r) => ['```', describeFailure(r), '```', ''].join('\n'))),
    '',
  ].join('\n');
}

(values.worker ? worker() : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
