/**
 * `npm run chaos -- --seed N [--path P] [--runs K]`: runs (or replays) the chaos session of seed N
 * (and the K-1 seeds after it); a failure is shrunk and printed with its command list.
 */
import { parseArgs } from 'node:util';
import { describeFailure, runSeed } from '../tools/chaos/runner';
import { startMock } from '../tools/harness';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, path: { type: 'string' }, runs: { type: 'string', default: '1' } },
  });
  const first = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  const runs = Number(values.runs);
  const mock = await startMock();
  let failed = 0;
  try {
    for (let seed = first; seed < first + runs; seed++) {
      const result = await runSeed(mock, seed, { path: values.path });
      const line = describeFailure(result);
      const c = result.stats;
      console.log(
        `${line} · ${Object.values(c.commands).reduce((a, b) => a + b, 0)} commands, ${c.requests} requests`,
      );
      if (result.failure) failed++;
    }
  } finally {
    await mock.stop();
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
