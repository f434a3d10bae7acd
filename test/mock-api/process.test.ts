import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { type MockBotPenguin, startMockBotPenguin } from '../../mock-api/index';
import { importContacts, profile } from './helpers';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const runFile = promisify(execFile);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !isAlive(pid);
}

const started: MockBotPenguin[] = [];
const spawned: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((mock) => mock.stop()));
  for (const child of spawned.splice(0)) if (child.exitCode === null) child.kill();
});

async function start(options: Parameters<typeof startMockBotPenguin>[0] = {}): Promise<MockBotPenguin> {
  const mock = await startMockBotPenguin(options);
  started.push(mock);
  return mock;
}

describe('mock process', () => {
  it('answers while this thread is blocked in Atomics.wait (how the Apps Script emulator fetches)', async () => {
    const mock = await start();
    const signal = new Int32Array(new SharedArrayBuffer(8));
    // Plain JS worker: performs the request and wakes the main thread with the status.
    const worker = new Worker(
      `const { workerData } = require('node:worker_threads');
       fetch(workerData.url, { headers: { authorization: 'Bearer test-token-0001', authtype: 'Key' } })
         .then((r) => { Atomics.store(workerData.signal, 1, r.status); })
         .catch(() => { Atomics.store(workerData.signal, 1, -1); })
         .finally(() => { Atomics.store(workerData.signal, 0, 1); Atomics.notify(workerData.signal, 0); });`,
      { eval: true, workerData: { url: `${mock.url}/inbox/tags`, signal } },
    );
    const waitResult = Atomics.wait(signal, 0, 0, 10_000);
    await worker.terminate();
    expect(waitResult).not.toBe('timed-out');
    expect(Atomics.load(signal, 1)).toBe(200);
    expect((await mock.requests()).map((record) => record.status)).toEqual([200]);
  });

  it('stop() ends the mock process, closes the port and makes later calls fail', async () => {
    const mock = await startMockBotPenguin();
    expect(isAlive(mock.pid)).toBe(true);
    await mock.stop();
    expect(await waitUntilGone(mock.pid)).toBe(true);
    await expect(fetch(`${mock.url}/inbox/tags`)).rejects.toThrow();
    await expect(mock.requests()).rejects.toThrow(/not running/);
    await mock.stop(); // idempotent
  });

  it('stop() does not wait for a request stuck in a long delay', async () => {
    const mock = await startMockBotPenguin();
    await mock.configure({ faults: [{ effect: { kind: 'delay', ms: 60_000 } }] });
    const pending = importContacts(mock, [profile()]).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopStarted = Date.now();
    await mock.stop();
    expect(Date.now() - stopStarted).toBeLessThan(3000);
    expect(await pending).toBeInstanceOf(Error);
    expect(await waitUntilGone(mock.pid)).toBe(true);
  });

  it('listens on the requested port and rejects clearly when it is taken', async () => {
    const first = await start();
    await expect(startMockBotPenguin({ port: first.port })).rejects.toThrow(/failed to start.*EADDRINUSE/);
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
  });

  it('runs under plain `node --import tsx`, and a script that never stops it still ends', async () => {
    for (const args of [[], ['--stop']]) {
      const { stdout } = await runFile(
        process.execPath,
        ['--import', 'tsx', 'test/mock-api/fixtures/standalone-client.ts', ...args],
        { cwd: REPO_ROOT, timeout: 20_000 },
      );
      const result = JSON.parse(stdout.trim()) as { status: number; recorded: number; pid: number };
      expect(result).toMatchObject({ status: 200, recorded: 1 });
      expect(await waitUntilGone(result.pid)).toBe(true);
    }
  });

  it('cli.ts serves in the foreground and prints its URL', async () => {
    const cli = spawn(
      process.execPath,
      ['--import', 'tsx', 'mock-api/cli.ts', '--port', '0', '--token', 'cli-token'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    spawned.push(cli);
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      cli.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n')[0]!;
        if (output.includes('\n')) resolve(line.trim());
      });
      cli.once('exit', (code) => reject(new Error(`cli exited early with ${code}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/inbox/users/import`, {
      method: 'POST',
      headers: { authorization: 'Bearer cli-token', authtype: 'Key', 'content-type': 'application/json' },
      body: JSON.stringify([profile()]),
    });
    expect(response.status).toBe(200);
    const contacts = (await (await fetch(`${url}/__mock/contacts`)).json()) as unknown[];
    expect(contacts).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
