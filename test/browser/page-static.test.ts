/** Budget and hygiene of the shipped page, checked on the built dist/Sidebar.html. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIDEBAR_HTML } from '../../tools/paths';
import { ADDON_STYLESHEET } from './harness';

describe('dist/Sidebar.html', () => {
  const html = readFileSync(SIDEBAR_HTML, 'utf8');

  // The page carries the sidebar's words in English only; the server puts the user's language's
  // words in when it serves the page (src/server/language.ts). The budget grew from 60 KB when
  // partner mode came (the partner key, the Customer card and its picker: about 11 KB), and from
  // 68 KB when opt-outs and removal came (their card and dialogs: about 4 KB), and from 72 KB
  // when the speed and selfcheck branches merged (72.8 KB; each alone built 71.4 KB).
  it('is one self-contained file under 74 KB', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(74 * 1024);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toContain('/*INLINE_CSS*/');
    expect(html).not.toContain('<!--INLINE_SCRIPT-->');
  });

  it('never parses strings as HTML', () => {
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it("links no URL but Google's add-on stylesheet", () => {
    const urls = new Set(html.match(/https?:\/\/[^"'\s)<>]+/g) ?? []);
    expect([...urls]).toEqual([ADDON_STYLESHEET]);
  });

  it('ships no bridge code', () => {
    expect(html).not.toContain('__gas');
  });
});
