/**
 * A tiny HTTP server on 127.0.0.1 in a worker thread. It cannot run on the test's own thread:
 * the emulator blocks that thread (Atomics.wait) while a fetch is in flight.
 */
import { Worker } from 'node:worker_threads';

const SERVER_SOURCE = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const url = req.url || '';
    if (url === '/unauthorized') {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end('{"success":false,"message":"jwt malformed","code":401}');
    } else if (url.startsWith('/slow/')) {
      res.writeHead(200, { 'x-emulator-virtual-ms': url.slice('/slow/'.length) });
      res.end('slow');
    } else if (url === '/hang') {
      // never answers
    } else if (url === '/drop') {
      req.socket.destroy();
    } else {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ method: req.method, url, body, authorization: req.headers.authorization || null }));
    }
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

export interface TestServer {
  base: string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const worker = new Worker(SERVER_SOURCE, { eval: true });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (value: number) => resolve(value));
    worker.once('error', reject);
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      worker.postMessage('stop');
      await new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    },
  };
}
