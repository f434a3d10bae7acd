/**
 * One seed → one generated session, run under fast-check so a failure shrinks to a short command
 * list. Shared by the test (test/chaos), `npm run chaos` (replay) and `npm run soak`.
 */
import fc from 'fast-check';
import type { MockBotPenguin } from '../../mock-api/index';
import { type Session, sessionArbitrary } from './commands';
import { InvariantError } from './invariants';
import { ChaosSession, emptyStats, type SessionStats } from './session';

/** Commands per generated session: short enough for ~2,000 sessions in half an hour. */
const MAX_COMMANDS = 18;

export interface SeedResult {
  seed: number;
  stats: SessionStats;
  failure: null | {
    invariant: string;
    message: string;
    /** The shrunk session: paste it into a regression test. */
    session: Session;
    /** fast-check's path to the shrunk case: `npm run chaos -- --seed N --path P`. */
    path: string;
    shrinks: number;
  };
}

export interface RunSeedOptions {
  maxCommands?: number;
  /** Replay the shrunk case at this fast-check path instead of the seed's first session. */
  path?: string;
  /** Stop shrinking after this many ms (the best case so far is reported). */
  shrinkBudgetMs?: number;
}

export async function runSeed(
  mock: MockBotPenguin,
  seed: number,
  options: RunSeedOptions = {},
): Promise<SeedResult> {
  let first: SessionStats | null = null;
  const property = fc.asyncProperty(
    sessionArbitrary(options.maxCommands ?? MAX_COMMANDS),
    async (session) => {
      const stats = emptyStats();
      // Only the seed's own session counts in the figures; shrinking re-runs smaller ones.
      first ??= stats;
      await ChaosSession.run(mock, session, stats);
    },
  );
  const details = await fc.check(property, {
    seed,
    numRuns: 1,
    ...(options.path ? { path: options.path } : {}),
    interruptAfterTimeLimit: options.shrinkBudgetMs ?? 180_000,
    markInterruptAsFailure: false,
  });
  const stats = first ?? emptyStats();
  if (!details.failed) return { seed, stats, failure: null };
  const error = details.errorInstance;
  return {
    seed,
    stats,
    failure: {
      invariant: error instanceof InvariantError ? error.invariant : 'crash',
      message: error instanceof Error ? error.message : String(error),
      session: (details.counterexample as [Session])[0],
      path: details.counterexamplePath ?? '',
      shrinks: details.numShrinks,
    },
  };
}

/** The failure as printed by the CLI and the soak report: seed, replay command, command list. */
export function describeFailure(result: SeedResult): string {
  const f = result.failure;
  if (!f) return `seed ${result.seed}: passed`;
  return [
    `seed ${result.seed} broke ${f.invariant} (shrunk ${f.shrinks} times to ${f.session.commands.length} commands)`,
    `  ${f.message}`,
    `  replay: npm run chaos -- --seed ${result.seed}${f.path ? ` --path ${f.path}` : ''}`,
    `  session: ${JSON.stringify(f.session)}`,
  ].join('\n');
}

export function addStats(total: SessionStats, one: SessionStats): void {
  for (const key of ['commands', 'faults', 'events'] as const)
    for (const [k, v] of Object.entries(one[key])) total[key][k] = (total[key][k] ?? 0) + v;
  total.invariantChecks += one.invariantChecks;
  total.requests += one.requests;
}
