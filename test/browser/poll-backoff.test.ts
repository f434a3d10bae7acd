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
    const s = await suite.open({ rows: contactRows(3), settings: { token: TOKEN }, clock: true });
    const { page, em } = s;
    const summaries = () => s.bridge.calls().filter((c) => c.fn === 'getSheetSummary').length;
    await expect.poll(() => page.locator('#preview-message').textContent()).toMatch(/^3 rows selected/);
    const before = summaries();
    await s.advance(120_000);
    const idle = summaries() - before;
    // Every 4 s would be 30 polls; growing by half up to 30 s it is 4+6+9+13.5+20.25+30+30 ≈ 8.
    expect(idle).toBeGreaterThanOrEqual(4);
    expect(idle).toBeLessThanOrEqual(12);
    // A click in the sidebar: back to every 4 s.
    await page.mouse.click(5, 5);
    const afterClick = summaries();
    // The clock moves only when the test moves it: a poll 4 s after the click, the next 6 s later.
    await s.advance(4_100);
    expect(summaries()).toBe(afterClick + 1);
    await s.advance(6_000);
    expect(summaries()).toBe(afterClick + 2);
    em.user.select('Sheet1', ['A2:F2']);
    await s.advance(12_000);
    await expect.poll(() => page.locator('#preview-message').textContent()).toMatch(/^1 row selected/);
  });
});
