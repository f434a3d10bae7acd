// Worker thread that performs real HTTP for the emulator's synchronous UrlFetchApp.
// Plain .mjs so it loads without a TypeScript loader. The main thread posts a batch on `port`,
// blocks on Atomics.wait(signal), and reads the answer with receiveMessageOnPort once woken.
import http from 'node:http';
import https from 'node:https';
import { workerData } from 'node:worker_threads';

const { port, signal, hostRoutes, timeoutMs } = workerData;
const signalView = new Int32Array(signal);
const MAX_REDIRECTS = 10;

/** Maps https://routed-host/path to the local server given in hostRoutes; null when unroutable. */
function route(url) {
  const parsed = new URL(url);
  const target = hostRoutes[parsed.host] ?? hostRoutes[parsed.hostname];
  if (target) return new URL(parsed.pathname + parsed.search, target);
  if (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost') return parsed;
  return null;
}

function classify(error) {
  const code = error && typeof error === 'object' ? error.code : undefined;
  if (code === 'ETIMEDOUT_EMULATOR') return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  return 'unavailable';
}

function once(request, routedUrl) {
  return new Promise((resolve) => {
    const started = performance.now();
    const client = routedUrl.protocol === 'https:' ? https : http;
    const req = client.request(
      routedUrl,
      {
        method: request.method,
        headers: request.headers,
        rejectUnauthorized: request.validateHttpsCertificates !== false,
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            ok: true,
            status: res.statusCode ?? 0,
            rawHeaders: res.rawHeaders,
            body: body.toString('utf8'),
            bodyBytes: body.length,
            wallMs: performance.now() - started,
          });
        });
        res.on('error', (error) =>
          resolve({ ok: false, failure: classify(error), wallMs: performance.now() - started }),
        );
      },
    );
    req.setTimeout(timeoutMs, () => {
      const error = new Error('timeout');
      error.code = 'ETIMEDOUT_EMULATOR';
      req.destroy(error);
    });
    req.on('error', (error) =>
      resolve({ ok: false, failure: classify(error), wallMs: performance.now() - started }),
    );
    if (request.body !== undefined && request.body !== null) req.write(request.body);
    req.end();
  });
}

async function perform(request) {
  let url = request.url;
  let current = request;
  let totalWall = 0;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const routed = route(url);
    if (!routed) return { ok: false, failure: 'dns', wallMs: totalWall };
    const result = await once(current, routed);
    totalWall += result.wallMs;
    if (!result.ok) return { ...result, wallMs: totalWall };
    const isRedirect = result.status >= 300 && result.status < 400 && result.status !== 304;
    const location = headerValue(result.rawHeaders, 'location');
    if (!isRedirect || !request.followRedirects || !location)
      return { ...result, wallMs: totalWall, finalUrl: url };
    url = new URL(location, url).toString();
    // 303 (and 301/302 for POST, as browsers and Java's client do) switch to GET without a body.
    if (
      result.status === 303 ||
      ((result.status === 301 || result.status === 302) && current.method !== 'GET')
    ) {
      const { 'content-type': _dropped, 'Content-Type': _dropped2, ...headers } = current.headers;
      current = { ...current, method: 'GET', body: undefined, headers };
    }
  }
  return { ok: false, failure: 'unavailable', wallMs: totalWall };
}

function headerValue(rawHeaders, name) {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === name) return rawHeaders[i + 1];
  }
  return undefined;
}

port.on('message', async (message) => {
  const results = await Promise.all(message.requests.map((request) => perform(request)));
  port.postMessage({ id: message.id, results });
  Atomics.store(signalView, 0, 1);
  Atomics.notify(signalView, 0);
});
