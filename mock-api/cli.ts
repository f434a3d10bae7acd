/**
 * Runs the BotPenguin mock in the foreground for a local playground:
 *   node --import tsx mock-api/cli.ts [--port 8787] [--token X]... [--max-batch N] [--latency MS]
 * Prints the URL on stdout; Ctrl+C stops it.
 */
import { parseArgs } from 'node:util';
import { MockBotPenguinServer } from './server';

function optionalNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${flag} must be a non-negative integer, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      token: { type: 'string', multiple: true },
      'max-batch': { type: 'string' },
      latency: { type: 'string' },
    },
  });
  const server = new MockBotPenguinServer({
    tokens: values.token,
    maxBatch: optionalNumber(values['max-batch'], '--max-batch'),
    latencyMs: optionalNumber(values.latency, '--latency'),
  });
  const port = await server.listen(optionalNumber(values.port, '--port'));
  const url = `http://127.0.0.1:${port}`;
  console.log(url);
  console.error(
    `BotPenguin mock listening on ${url} (tokens: ${(values.token ?? ['test-token-0001']).join(', ')})`,
  );
  console.error(`Inspect: ${url}/__mock/requests  ${url}/__mock/contacts`);
  const shutdown = (): void => {
    server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
