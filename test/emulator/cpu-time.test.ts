import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CPU_FACTOR } from '../../emulator/index';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

/** Busy work of a few tens of ms of CPU, then one free service call (Logger costs 0 ms). */
const SOURCE = `
  function crunch(n) {
    var s = 0;
    for (var i = 0; i < n; i++) s = (s + Math.sqrt(i) * 31) % 1000003;
    Logger.log(s);
    return s;
  }
  function waitOnly() { Utilities.sleep(1000); }`;

/** The same loop reaching Math as a global (what bundles do) or through a local alias. */
const LOOKUPS = `
  function viaGlobal(n) {
    var s = 0;
    for (var i = 0; i < n; i++) s = Math.imul(s ^ i, 16777619) >>> 0;
    Logger.log(s);
  }
  function viaLocal(n) {
    var M = Math;
    var s = 0;
    for (var i = 0; i < n; i++) s = M.imul(s ^ i, 16777619) >>> 0;
    Logger.log(s);
  }`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Another thread of this process spinning on a CPU until terminated; resolves once it spins. */
function spinningThread(): Promise<Worker> {
  const worker = new Worker(
    "require('node:worker_threads').parentPort.postMessage('spinning'); for (;;) {}",
    { eval: true },
  );
  return new Promise((resolve) => worker.once('message', () => resolve(worker)));
}

describe('JavaScript CPU time on the virtual clock', () => {
  it('charges the bundle’s own CPU time times the factor (default 3)', () => {
    expect(DEFAULT_CPU_FACTOR).toBe(3);
    const e = emulate(SOURCE);
    e.run('crunch', 3e6);
    const [execution] = e.executions;
    expect(execution.cpuChargedMs).toBeGreaterThan(0);
    expect(execution.elapsedMs).toBe(execution.cpuChargedMs);
  });

  it('scales with the factor and is free with cpuFactor 0', () => {
    const free = emulate(SOURCE, { cpuFactor: 0 });
    free.run('crunch', 3e6);
    expect(free.executions[0].elapsedMs).toBe(0);
    expect(free.executions[0].cpuChargedMs).toBe(0);
  });

  it('does not charge the time a service call blocks (sleep is charged exactly, not as CPU)', () => {
    const e = emulate(SOURCE, { cpuFactor: 100 });
    // The first execution of a realm compiles and warms up (it took 1.9 ms of CPU on a loaded CI
    // run): the second one is timed.
    e.run('waitOnly');
    e.run('waitOnly');
    const execution = e.executions[1];
    // A few µs of bundle CPU, times 100: far below the 1 s sleep the call itself costs.
    expect(execution.elapsedMs - 1000).toBe(execution.cpuChargedMs);
    expect(execution.cpuChargedMs).toBeLessThan(1000);
  });

  it('makes a CPU-heavy execution hit the 6-minute limit', () => {
    const e = emulate(SOURCE, { cpuFactor: 1e7 });
    expect(() => e.run('crunch', 3e6)).toThrow('Exceeded maximum execution time');
  });

  it('charges a global lookup as V8 costs it, not the vm module’s interceptor on a contextified global', () => {
    // node:vm's contextified globals answer every lookup (Math, JSON, SpreadsheetApp...) through
    // a C++ callback, ~25× slower than Apps Script's ordinary global: Node's cost, not the script's.
    const e = emulate(LOOKUPS, { cpuFactor: 1 });
    const charged = (fn: string) => {
      e.run(fn, 2e6);
      return e.executions[e.executions.length - 1].cpuChargedMs;
    };
    charged('viaGlobal'); // warm-up
    const global = median([1, 2, 3].map(() => charged('viaGlobal')));
    const local = median([1, 2, 3].map(() => charged('viaLocal')));
    expect(global).toBeLessThan(Math.max(3 * local, 10));
  });

  it.skipIf(!existsSync('/proc/thread-self/schedstat'))(
    'charges only the bundle’s thread: CPU another thread of the process spends meanwhile is not charged',
    async () => {
      const e = emulate(SOURCE, { cpuFactor: 1 });
      const charged = () => {
        e.run('crunch', 6e6);
        return e.executions[e.executions.length - 1].cpuChargedMs;
      };
      charged(); // warm-up
      const alone = median([1, 2, 3].map(charged));
      const worker = await spinningThread();
      try {
        // process.cpuUsage() would count the spinning thread too: about twice as much.
        const beside = median([1, 2, 3].map(charged));
        expect(beside).toBeLessThan(alone * 1.5 + 5);
      } finally {
        await worker.terminate();
      }
    },
  );
});
