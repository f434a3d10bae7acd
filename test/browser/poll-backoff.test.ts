/**
 * The sidebar's poll spends the user's daily quota (Properties reads: 50,000 a day on a consumer
 * account, Google's quotas page): left open and idle it asks less and less often, up to every
 * 30 s; a change in the sheet or a click in the sidebar brings it back to every 4 s (issue 22).
 */
import { describe, expect, it } from 'vitest';
import { contactRows, useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const suite = useSidebarSuite(TOKEN);

describe('poll back-off', () => {
  it('an idle sidebar polls at most a dozen times in two virtual minutes, and at once again after a change', async () => {
    const s = await suite.open({ rows: contactRows(3), settings: { token: TOKEN } });
    const { page, em } = s;
    const summaries = () => s.bridge.calls().filter((c) => c.fn === 'getSheetSummary').length;
    await page.clock.install();
    await expect.poll(() => page.locator('#preview-message').textContent()).toMatch(/^3 rows selected/);
    // The timer set before the clock was installed fires in real time; the next ones are virtual.
    const first = summaries();
    await expect.poll(() => summaries(), { timeout: 15_000 }).toBeGreaterThan(first);
    const before = summaries();
    // Virtual time in steps, with real time between for each poll's round trip to the server.
    const advance = async (ms: number) => {
      for (let done = 0; done < ms; done += 1000) {
        await page.clock.runFor(1000);
        await page.waitForTimeout(40);
      }
    };
    await advance(120_000);
    await page.waitForTimeout(300);
    const idle = summaries() - before;
    // Every 4 s would be 30 polls; growing by half up to 30 s it is 4+6+9+13.5+20.25+30+30 ≈ 8.
    expect(idle).toBeGreaterThanOrEqual(4);
    expect(idle).toBeLessThanOrEqual(12);
    // A click in the sidebar: back to every 4 s.
    await page.mouse.click(5, 5);
    const afterClick = summaries();
    await advance(9_000);
    await expect.poll(() => summaries()).toBeGreaterThanOrEqual(afterClick + 2);
    em.user.select('Sheet1', ['A2:F2']);
    await advance(12_000);
    await expect.poll(() => page.locator('#preview-message').textContent()).toMatch(/^1 row selected/);
  });
});
