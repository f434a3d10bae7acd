/**
 * The texts Google's review reads name exactly the scopes the manifest asks for (issue 22): the
 * privacy policy and docs/publishing.md's scope table against appsscript.json's oauthScopes, and
 * the policy describes automatic import, the run log and export tabs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/paths';

const manifest = JSON.parse(readFileSync(join(ROOT, 'appsscript.json'), 'utf8')) as { oauthScopes: string[] };
const scopes = [...manifest.oauthScopes].sort();
const shortName = (scope: string) => scope.replace('https://www.googleapis.com/auth/', '');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every Google scope a text names, full (…/auth/x) or short in backticks (`x`). */
function scopesNamed(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/https:\/\/www\.googleapis\.com\/auth\/([\w.]+)/g)) found.add(m[1]);
  const known =
    /^(spreadsheets(\.currentonly|\.readonly)?|script\.[\w.]+|userinfo\.\w+|drive[\w.]*|forms[\w.]*|gmail[\w.]*)$/;
  for (const m of text.matchAll(/`([\w.]+)`/g)) if (known.test(m[1])) found.add(m[1]);
  return [...found].sort();
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];

describe('texts for review', () => {
  it('the privacy policy names exactly the manifest’s scopes, and says how many', () => {
    const policy = read('docs/privacy-policy.md');
    // The policy may name `spreadsheets.currentonly` and warn against nothing broader.
    expect(scopesNamed(policy)).toEqual(scopes.map(shortName).sort());
    expect(policy).toContain(`Google asks you to allow ${NUMBER_WORDS[scopes.length]} things`);
  });

  it('docs/publishing.md’s scope table lists exactly the manifest’s scopes, and the counts agree', () => {
    const publishing = read('docs/publishing.md');
    const table = [...publishing.matchAll(/^\| `(https:\/\/www\.googleapis\.com\/auth\/[\w.]+)` \|/gm)].map(
      (m) => m[1],
    );
    expect(table.sort()).toEqual(scopes);
    expect(publishing).toContain(`the same ${NUMBER_WORDS[scopes.length]} as the consent screen`);
    expect(publishing).toContain(`the ${scopes.length} scopes`);
  });

  it('the privacy policy describes automatic import, editors’ rows, the run log and export tabs', () => {
    const policy = read('docs/privacy-policy.md');
    expect(policy).toMatch(/automatic import/i);
    expect(policy).toMatch(/including rows\s+any editor of the spreadsheet adds/);
    expect(policy).toMatch(/\*\*run log\*\*/);
    expect(policy).toMatch(/Exported contacts/);
    expect(policy).not.toMatch(/Only when you run an import/);
  });
});
