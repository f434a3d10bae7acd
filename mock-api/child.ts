/**
 * Entry point of the mock's own process (started by index.ts with the tsx loader). The code under
 * test blocks its thread while it waits for HTTP, so the server must live elsewhere.
 */
import type { ChildMessage, ChildStartOptions, ControlCommand, ParentMessage } from './protocol';
import { MockBotPenguinServer } from './server';

/** Resolves once the message is handed to the channel, so a following disconnect cannot lose it. */
function sendToParent(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function execute(server: MockBotPenguinServer, command: ControlCommand): Promise<unknown> {
  switch (command.op) {
    case 'configure':
      server.configure(command.patch);
      if (command.patch.down !== undefined) await server.setDown(command.patch.down);
      return null;
    case 'requests':
      return server.requests();
    case 'contacts':
      return server.contacts();
    case 'customerContacts':
      return server.customerContacts(command.customerId);
    case 'removedContacts':
      return server.removedContacts();
    case 'seedContacts':
      return server.seedContacts(command.spec);
    case 'reset':
      server.reset();
      return null;
    case 'stop':
      await server.close();
      return null;
  }
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('mock-api/child.ts must be started with an IPC channel (use index.ts)');
  const options = JSON.parse(process.argv[2] ?? '{}') as ChildStartOptions;
  const server = new MockBotPenguinServer(options);
  // The parent going away (test process ended or crashed) must never leave this process behind.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const message = raw as ParentMessage;
    execute(server, message.command).then(
      async (value) => {
        await sendToParent({ type: 'result', id: message.id, ok: true, value });
        if (message.command.op === 'stop') process.disconnect();
      },
      (error: unknown) =>
        sendToParent({
          type: 'result',
          id: message.id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  try {
    const port = await server.listen(options.port ?? 0);
    sendToParent({ type: 'ready', port });
  } catch (error) {
    await sendToParent({
      type: 'startFailed',
      error: error instanceof Error ? error.message : String(error),
    });
    process.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
