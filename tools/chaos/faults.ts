/** The mock's faults a fault command stands for (quota and time-limit faults are the emulator's). */
import type { Fault } from '../../mock-api/index';
import type { FaultCommand } from './commands';
import { possibleKeys, type SheetView } from './sheet-model';

export const IMPORT_PATH = '/inbox/users/import';

/**
 * `nth`: the positions among import requests (since the mock's reset) the fault applies to;
 * refuse400 instead refuses every batch holding the chosen rows' numbers until faults are off.
 */
export function mockFaults(
  command: FaultCommand,
  nth: number[],
  view: SheetView,
  fetchTimeoutMs: number,
): Fault[] {
  const match = { path: IMPORT_PATH, nth };
  const faults: Fault[] = [];
  switch (command.fault) {
    case 'refuse400':
      for (const fraction of command.rows) {
        const c = view.rowAt(fraction)?.contact;
        const key = c && possibleKeys(c)[0];
        if (key)
          faults.push({
            match: { path: IMPORT_PATH, phone: key },
            effect: { kind: 'status', status: 400, message: 'Validation failed' },
          });
      }
      break;
    case 'status401':
      faults.push({ match, effect: { kind: 'status', status: 401 } });
      break;
    case 'status413':
      faults.push({ match, effect: { kind: 'status', status: 413, message: 'Payload too large' } });
      break;
    case 'status429':
      faults.push({ match, effect: { kind: 'status', status: 429, retryAfterSeconds: command.times } });
      break;
    case 'status5xx':
      faults.push({ match, effect: { kind: 'status', status: [500, 502, 503][command.nth % 3] } });
      break;
    case 'html':
      faults.push({ match, effect: { kind: 'html', status: 502 } });
      break;
    case 'reset':
      faults.push({ match, effect: { kind: 'drop' } });
      break;
    case 'slow':
      faults.push({ match, effect: { kind: 'delay', ms: 30 } });
      break;
    case 'timeout':
      faults.push({ match, effect: { kind: 'delay', ms: fetchTimeoutMs + 250 } });
      break;
    case 'outage': {
      // Not limited to some requests: BotPenguin stays down until the faults are off.
      const every = { path: IMPORT_PATH };
      const effects = [
        { kind: 'drop' },
        { kind: 'delay', ms: fetchTimeoutMs + 250 },
        { kind: 'status', status: 503 },
        { kind: 'html', status: 502 },
      ] as const;
      faults.push({ match: every, effect: effects[command.nth % effects.length] });
      break;
    }
  }
  return faults;
}
