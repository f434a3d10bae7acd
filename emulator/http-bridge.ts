/**
 * Synchronous real HTTP for the emulator: a worker thread performs the requests while the main
 * thread blocks on Atomics.wait, so UrlFetchApp.fetch stays synchronous for the bundle.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  followRedirects: boolean;
  validateHttpsCertificates: boolean;
}

export type WireResult =
  | {
      ok: true;
      status: number;
      rawHeaders: string[];
      body: string;
      bodyBytes: number;
      wallMs: number;
    }
  | { ok: false; failure: 'timeout' | 'dns' | 'unavailable'; wallMs: number };

export class HttpBridge {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private disposed = false;

  constructor(
    hostRoutes: Record<string, string>,
    private readonly timeoutMs: number,
    /** Added to the bound on a dead worker (timeoutMs × 12 + this); a test may shorten it. */
    private readonly graceMs = 5000,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('./fetch-worker.mjs', import.meta.url), {
      workerData: { port: port2, signal: this.signal.buffer, hostRoutes, timeoutMs },
      transferList: [port2],
    });
    // Forgotten dispose() must not keep the test process alive.
    this.worker.unref();
  }

  /** Runs all requests in parallel in the worker and blocks until every one has finished. */
  performAll(requests: WireRequest[]): WireResult[] {
    if (this.disposed) throw new Error('Emulator disposed: UrlFetchApp is no longer available');
    const id = this.nextId++;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ id, requests });
    // Requests carry their own timeout; this bound only protects against a dead worker.
    const deadline = Date.now() + this.timeoutMs * 12 + this.graceMs;
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received) {
        const message = received.message as { id: number; results: WireResult[] };
        if (message.id === id) return message.results;
        // A late answer to a call that stopped waiting: not this call's. The worker posts before
        // it signals, so after clearing the signal the next read finds this call's answer or waits.
        if (message.id < id) {
          Atomics.store(this.signal, 0, 0);
          continue;
        }
        throw new Error('Emulator fetch worker answered out of order');
      }
      const left = deadline - Date.now();
      const woke = left > 0 ? Atomics.wait(this.signal, 0, 0, left) : 'timed-out';
      if (woke === 'timed-out') throw new Error('Emulator fetch worker did not answer');
      // Signalled with no message on the port: the signal of an answer already read. The loop
      // reads the port again before it waits, so this call's answer cannot be missed.
      if (woke === 'not-equal') Atomics.store(this.signal, 0, 0);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.port.close();
    void this.worker.terminate();
  }
}
