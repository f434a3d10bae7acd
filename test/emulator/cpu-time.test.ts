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
    const e = emulate(SOURCE, { cpuFactor: 1000 });
    e.run('waitOnly');
    const [execution] = e.executions;
    // A few µs of bundle CPU at most, times 1000: far below the 1 s sleep the call itself costs.
    expect(execution.elapsedMs - 1000).toBe(execution.cpuChargedMs);
    expect(execution.cpuChargedMs).toBeLessThan(1000);
  });

  it('makes a CPU-heavy execution hit the 6-minute limit', () => {
    const e = emulate(SOURCE, { cpuFactor: 1e7 });
    expect(() => e.run('crunch', 3e6)).toThrow('Exceeded maximum execution time');
  });
});
