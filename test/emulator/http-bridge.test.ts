/**
 * The emulator's synchronous HTTP: a call that gave up waiting on a dead-slow worker must not hand
 * its late answer to the next call (that once surfaced as "Emulator fetch worker answered out of
 * order" in a row's Details).
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpBridge } from '../../emulator/http-bridge';

// Trickles a byte every 10 ms for 8 s, so the socket never idles into the 500 ms request timeout
// (a loaded CI machine once stretched a 50 ms trickle past a 100 ms timeout) and the bridge's own
// bound (timeout × 12 + grace 0 = 6 s) runs out first.
const SERVER_SOURCE = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((req, res) => {
  if (req.url === '/trickle') {
    res.writeHead(200);
    let n = 0;
    const timer = setInterval(() => {
      res.write('.');
      if (++n >= 800) { clearInterval(timer); res.end(); }
    }, 10);
    res.on('close', () => clearInterval(timer));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('answer to ' + req.url);
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

let worker: Worker;
let base: string;

beforeAll(async () => {
  worker = new Worker(SERVER_SOURCE, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  worker.postMessage('stop');
  await new Promise((resolve) => worker.once('exit', resolve));
});

const get = (url: string) => ({
  url,
  method: 'GET',
  headers: {},
  followRedirects: false,
  validateHttpsCertificates: true,
});

describe('HttpBridge', () => {
  it('a late answer to a call that gave up is dropped; the next call gets its own', () => {
    const bridge = new HttpBridge({}, 500, 0);
    try {
      expect(() => bridge.performAll([get(`${base}/trickle`)])).toThrow(
        'Emulator fetch worker did not answer',
      );
      // Calls go on while the late answer arrives (the trickle ends 8 s after it began).
      const until = Date.now() + 3_000;
      for (let n = 0; Date.now() < until; n++) {
        const [result] = bridge.performAll([get(`${base}/call-${n}`)]);
        expect(result.ok && result.body).toBe(`answer to /call-${n}`);
      }
    } finally {
      bridge.dispose();
    }
  }, 30_000);
});
