import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { CODE_JS, MANIFEST, ROOT, SCHEMAS } from '../../tools/paths';

const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const DOCUMENTED_HOSTS = ['https://api-v7.express-chat.com/', 'https://api.v7.botpenguin.com/'];

/** Google's rules for urlFetchWhitelist entries (schemas/README.md). */
function allowlistEntryProblems(entry: string): string[] {
  const problems: string[] = [];
  if (!entry.startsWith('https://')) problems.push('must start with https://');
  const rest = entry.slice('https://'.length);
  const slash = rest.indexOf('/');
  const host = slash < 0 ? rest : rest.slice(0, slash);
  if (slash < 0) problems.push('needs a path (at least a trailing /)');
  if (!/^(\*\.)?([a-z0-9-]+\.)+[a-z0-9-]+$/i.test(host))
    problems.push('needs a full host; only a single leading *. wildcard');
  if (host.indexOf('*') > 0 || (host.match(/\*/g) ?? []).length > 1)
    problems.push('wildcard only as a leading *.');
  return problems;
}

function covered(url: string, entries: string[]): boolean {
  return entries.some((entry) => {
    if (entry.startsWith('https://*.')) {
      const suffix = entry.slice('https://*'.length);
      const afterScheme = url.slice('https://'.length);
      const host = afterScheme.split('/')[0];
      const path = afterScheme.slice(host.length);
      const [entryHost, ...entryPath] = suffix.split('/');
      return (
        url.startsWith('https://') && host.endsWith(entryHost) && path.startsWith(`/${entryPath.join('/')}`)
      );
    }
    return url.startsWith(entry);
  });
}

describe('appsscript.json as built into dist/ (the root file plus the brand’s API hosts)', () => {
  it('validates against the Apps Script manifest schema', () => {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, 'appsscript.schema.json'), 'utf8'));
    // The schema's "hostname" format is wrong for urlFetchWhitelist (Google wants URL prefixes);
    // the allowlist is checked against Google's own rules below instead.
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      formats: { hostname: true, uri: true, email: true },
    });
    const validate = ajv.compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('runs on V8 with Stackdriver logging, a time zone, the narrowest scopes and no card add-on section', () => {
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.exceptionLogging).toBe('STACKDRIVER');
    expect(typeof manifest.timeZone).toBe('string');
    expect([...manifest.oauthScopes].sort()).toEqual([
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/spreadsheets.currentonly',
      // Only to show editors whose automatic import it is (Session reference: getEffectiveUser).
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
    expect(manifest.addOns).toBeUndefined();
  });

  it('allow-lists both documented BotPenguin API hosts, each entry following Google’s rules', () => {
    expect(manifest.urlFetchWhitelist).toEqual(expect.arrayContaining(DOCUMENTED_HOSTS));
    for (const entry of manifest.urlFetchWhitelist) expect(allowlistEntryProblems(entry), entry).toEqual([]);
  });

  it('the rules checker itself rejects what Google rejects', () => {
    expect(allowlistEntryProblems('https://x.com')).not.toEqual([]);
    expect(allowlistEntryProblems('http://x.com/')).not.toEqual([]);
    expect(allowlistEntryProblems('https://a.*.x.com/')).not.toEqual([]);
    expect(allowlistEntryProblems('https://*.x.com/')).toEqual([]);
    expect(covered('https://api.x.com/a', ['https://*.x.com/'])).toBe(true);
    expect(covered('https://api.y.com/a', ['https://*.x.com/'])).toBe(false);
  });

  it('covers every https URL the server bundle could fetch (all but the brand links the Help dialog shows)', () => {
    const brand = JSON.parse(readFileSync(join(ROOT, 'brands/botpenguin.json'), 'utf8'));
    const shownLinks = new Set(Object.values(brand.links as Record<string, string>));
    const program = acorn.parse(readFileSync(CODE_JS, 'utf8'), { ecmaVersion: 2020, sourceType: 'script' });
    const urls: string[] = [];
    const collect = (text: string) => {
      for (const m of text.matchAll(/https?:\/\/[^\s"'`]+/g)) urls.push(m[0]);
    };
    walk.simple(program, {
      Literal: (node) => {
        if (typeof node.value === 'string') collect(node.value);
      },
      TemplateElement: (node) => collect(node.value.cooked ?? ''),
    });
    expect(urls.length).toBeGreaterThan(0);
    const fetchable = urls.filter((url) => !shownLinks.has(url));
    expect(fetchable.length).toBeGreaterThan(0);
    for (const url of fetchable) expect(covered(url, manifest.urlFetchWhitelist), url).toBe(true);
  });
});
