/**
 * Starts the BotPenguin mock in a child process and returns an async client for it.
 *
 * Why a separate process: the Apps Script emulator performs UrlFetchApp calls synchronously by
 * blocking the main thread (Atomics.wait) while a worker does the request. A server on that same
 * thread could never answer. The child runs TypeScript through tsx, resolved from this package, so
 * it works the same under vitest and under `node --import tsx`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChildMessage, ControlCommand, ParentMessage } from './protocol';
import type {
  MockBotPenguin,
  MockConfigPatch,
  MockOptions,
  RecordedRequest,
  SeedContactsSpec,
  StoredContact,
} from './types';

export { DEFAULT_PAGE_SIZE, USERS_PATH } from './inbox';
export {
  CUSTOMER_LIST_PATH,
  CUSTOMER_NOT_FOUND,
  DEFAULT_CUSTOMER_PAGE_SIZE,
  USER_TOKEN_PATH,
} from './partner';
export { DEFAULT_STATUS_UPDATE_MAX_IDS, STATUS_UPDATE_PATH } from './removal';
export {
  DEFAULT_TOKENS,
  IMPORT_PATH,
  IMPORT_SUCCESS_BODY,
  JWT_MALFORMED_RESPONSE,
  MockBotPenguinServer,
  SEGMENTS_PATH,
  TAGS_PATH,
  UNKNOWN_TOKEN_RESPONSE,
} from './server';
export type {
  ContactAttribute,
  Fault,
  FaultEffect,
  FaultMatch,
  JsonValue,
  MockBotPenguin,
  MockConfigPatch,
  MockOptions,
  PartnerCustomerSetup,
  PartnerSetup,
  RecordedRequest,
  RequestOutcome,
  SeedContact,
  SeedContactsSpec,
  StoredContact,
} from './types';

const CHILD_ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;

/** Absolute URL of tsx's loader, so the child does not depend on its working directory. */
function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class ChildConnection {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private exited = false;
  private readonly exitPromise: Promise<void>;

  constructor(private readonly child: ChildProcess) {
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exited = true;
        const error = new Error(`BotPenguin mock process exited (code ${code}, signal ${signal})`);
        for (const call of this.pending.values()) call.reject(error);
        this.pending.clear();
        resolve();
      });
    });
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type !== 'result') return;
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      this.updateRef();
      if (message.ok) call.resolve(message.value);
      else call.reject(new Error(`BotPenguin mock: ${message.error}`));
    });
  }

  /**
   * Keeps the test process alive only while a call is in flight, so a script that forgets
   * stop() still ends (and the child follows it on disconnect).
   */
  private updateRef(): void {
    if (this.pending.size > 0) this.child.channel?.ref();
    else this.child.channel?.unref();
  }

  call<T>(command: ControlCommand): Promise<T> {
    if (this.exited) return Promise.reject(new Error('BotPenguin mock is not running (stopped or crashed)'));
    const id = this.nextId++;
    const message: ParentMessage = { id, command };
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject });
      this.updateRef();
      this.child.send(message, (error) => {
        if (!error) return;
        this.pending.delete(id);
        this.updateRef();
        reject(error);
      });
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.call<null>({ op: 'stop' });
    } catch {
      // Already gone or channel broken: the kill below still applies.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exitPromise;
    clearTimeout(timer);
  }
}

function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    const fail = (error: Error): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    };
    const onMessage = (raw: unknown): void => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') {
        cleanup();
        resolve(message.port);
      } else if (message.type === 'startFailed') {
        fail(new Error(`BotPenguin mock failed to start: ${message.error}`));
      }
    };
    const onExit = (code: number | null): void =>
      fail(new Error(`BotPenguin mock exited during start (code ${code})`));
    const onError = (error: Error): void => fail(error);
    const timer = setTimeout(
      () => fail(new Error(`BotPenguin mock did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

export async function startMockBotPenguin(options: MockOptions = {}): Promise<MockBotPenguin> {
  const child = fork(CHILD_ENTRY, [JSON.stringify(options)], {
    execArgv: ['--import', tsxLoaderUrl()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const port = await waitForReady(child);
  const connection = new ChildConnection(child);
  child.channel?.unref();
  child.unref();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? -1,
    configure: (patch: MockConfigPatch) =>
      connection.call<null>({ op: 'configure', patch }).then(() => undefined),
    requests: () => connection.call<RecordedRequest[]>({ op: 'requests' }),
    contacts: () => connection.call<StoredContact[]>({ op: 'contacts' }),
    customerContacts: (customerId: string) =>
      connection.call<StoredContact[]>({ op: 'customerContacts', customerId }),
    removedContacts: () => connection.call<StoredContact[]>({ op: 'removedContacts' }),
    seedContacts: (spec: SeedContactsSpec) => connection.call<number>({ op: 'seedContacts', spec }),
    reset: () => connection.call<null>({ op: 'reset' }).then(() => undefined),
    stop: () => connection.stop(),
  };
}
