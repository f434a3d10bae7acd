/** Messages between index.ts (the test's process) and child.ts (the mock's process). */
import type { MockConfigPatch, MockOptions, SeedContactsSpec } from './types';

export type ControlCommand =
  | { op: 'configure'; patch: MockConfigPatch }
  | { op: 'requests' }
  | { op: 'contacts' }
  | { op: 'customerContacts'; customerId: string }
  | { op: 'removedContacts' }
  | { op: 'seedContacts'; spec: SeedContactsSpec }
  | { op: 'reset' }
  | { op: 'stop' };

export type ParentMessage = { id: number; command: ControlCommand };

export type ChildMessage =
  | { type: 'ready'; port: number }
  | { type: 'startFailed'; error: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: string };

/** Options travel to the child as one JSON argument. */
export type ChildStartOptions = MockOptions;
