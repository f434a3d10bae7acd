import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index';

let em: Emulator | undefined;
afterEach(() => {
  em?.dispose();
  em = undefined;
});

const source = `
  function holdLock() {
    var lock = LockService.getDocumentLock();
    lock.waitLock(1000);
    SpreadsheetApp.getActiveSheet().getRange('A1').getValue();
    return lock.hasLock();
  }
  function tryOnce() {
    var started = Date.now();
    var got = LockService.getDocumentLock().tryLock(5000);
    return [got, Date.now() - started >= 5000];
  }
  function waitOnce() { LockService.getDocumentLock().waitLock(2000); }`;

describe('LockService contention between two executions', () => {
  it('makes a second execution started during the first see the lock as held', () => {
    const e = createEmulator({ bundleSource: source });
    em = e;
    const seen: unknown[] = [];
    const stop = e.onServiceCall(({ kind, phase }) => {
      if (kind === 'Range.getValue' && phase === 'before') {
        seen.push(e.run('tryOnce'));
        try {
          e.run('waitOnce');
          seen.push('acquired');
        } catch (error) {
          seen.push((error as Error).message);
        }
      }
    });
    expect(e.run('holdLock')).toBe(true);
    stop();
    expect(seen).toEqual([[false, true], 'Lock timeout: another process was holding the lock for too long.']);
    // The lock is released when execution A ends.
    expect(e.run('tryOnce')).toEqual([true, false]);
  });
});
