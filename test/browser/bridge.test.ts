/**
 * The playground bridge's google.script.run stand-in behaves like Apps Script's client library:
 * handler chains, user objects, failures as Error objects, plain data only, host calls recorded.
 */
import { describe, expect, it } from 'vitest';
import { injectIntoHtml } from '../../playground/bridge';
// Brings the sidebar's typing of window.google (the page's own view of google.script.run).
import type {} from '../../src/sidebar/rpc';
import { contactRows, useSidebarSuite } from './harness';

const suite = useSidebarSuite('bp_live_7c41d09e5f3a1b2');
const open = () => suite.open({ rows: contactRows(2) });

type Outcome = { ok: boolean; value: unknown; user: unknown; isError?: boolean };

describe('playground bridge', () => {
  it('adds its script after <head> and leaves the rest of the page byte for byte', () => {
    const page = '<!DOCTYPE html>\n<html><head><title>x</title></head><body>y</body></html>';
    const injected = injectIntoHtml(page);
    const start = injected.indexOf('<script>');
    const end = injected.indexOf('</script>') + '</script>'.length;
    expect(injected.slice(0, start) + injected.slice(end)).toBe(page);
    expect(start).toBe(page.indexOf('<head>') + '<head>'.length);
  });

  it('runs server functions with handlers and a user object', async () => {
    const session = await open();
    const outcome = await session.page.evaluate(
      () =>
        new Promise<Outcome>((resolve) => {
          const run = window.google?.script?.run;
          if (!run) throw new Error('no google.script.run');
          run
            .withUserObject({ tag: 'mine' })
            .withSuccessHandler((value, user) => resolve({ ok: true, value, user }))
            .withFailureHandler((error, user) => resolve({ ok: false, value: error.message, user }))
            .getSettings();
        }),
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.user).toEqual({ tag: 'mine' });
    expect((outcome.value as { tokenSet: boolean }).tokenSet).toBe(false);
  });

  it('reports unknown functions, private functions and Dates through the failure handler', async () => {
    const session = await open();
    const outcomes = await session.page.evaluate(() => {
      type Runner = Record<string, (...args: unknown[]) => void> & {
        withSuccessHandler(handler: (value: unknown) => void): Runner;
        withFailureHandler(handler: (error: Error) => void): Runner;
      };
      const call = (name: string, ...args: unknown[]) =>
        new Promise<{ ok: boolean; message: string; isError: boolean }>((resolve) => {
          const run = window.google?.script?.run as unknown as Runner;
          run
            .withSuccessHandler(() => resolve({ ok: true, message: '', isError: false }))
            .withFailureHandler((error) =>
              resolve({ ok: false, message: error.message, isError: error instanceof Error }),
            )
            [name](...args);
        });
      return Promise.all([
        call('noSuchFunction'),
        call('helper_'),
        call('saveSettings', { when: new Date() }),
      ]);
    });
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false, false]);
    expect(outcomes.every((outcome) => outcome.isError)).toBe(true);
    expect(outcomes[0].message).toMatch(/noSuchFunction is not a function/);
    expect(outcomes[1].message).toMatch(/helper_ is not a function/);
    expect(outcomes[2].message).toMatch(/Date/);
  });

  it('records google.script.host calls', async () => {
    const session = await open();
    await session.page.evaluate(() => {
      window.google?.script?.host?.editor.focus();
      window.google?.script?.host?.close();
    });
    await expect
      .poll(() => session.bridge.hostCalls().map((call) => call.method))
      .toEqual(['editor.focus', 'close']);
  });
});
