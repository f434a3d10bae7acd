/**
 * White-label builds: the brand file is checked with a sentence per mistake, and a partner's
 * build (dist/acme/, made by the global setup from brands/acme.json) carries only the partner's
 * names, hosts and links.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the build scripts are plain JavaScript without type declarations.
import { brandProblems, loadBrand } from '../../scripts/brand.mjs';
import { DIST, PARTNER_DIST, ROOT } from '../../tools/paths';

const readBrand = (name: string) => JSON.parse(readFileSync(join(ROOT, 'brands', `${name}.json`), 'utf8'));
const defaultBrand = readBrand('botpenguin');
const partnerBrand = readBrand('acme');

/** The default brand with one change; `undefined` removes the field. */
function withChange(path: string, value: unknown): Record<string, unknown> {
  const brand = structuredClone(defaultBrand);
  const keys = path.split('.');
  let target = brand;
  for (const key of keys.slice(0, -1)) target = target[key];
  if (value === undefined) delete target[keys[keys.length - 1]];
  else target[keys[keys.length - 1]] = value;
  return brand;
}

describe('brand files', () => {
  it('the shipped brands are valid', async () => {
    expect(await brandProblems(defaultBrand)).toEqual([]);
    expect(await brandProblems(partnerBrand)).toEqual([]);
  });

  it('the default brand is BotPenguin with both documented hosts, express-chat first', () => {
    expect(defaultBrand.addOnName).toBe('BotPenguin Contacts');
    expect(defaultBrand.menuTitle).toBe('BotPenguin Contacts');
    expect(defaultBrand.apiHosts).toEqual([
      'https://api-v7.express-chat.com/',
      'https://api.v7.botpenguin.com/',
    ]);
  });

  it.each([
    [
      'apiHosts',
      ['http://api.example.com/'],
      'apiHosts[0] "http://api.example.com/" must start with https://',
    ],
    [
      'apiHosts',
      ['https://api.example.com'],
      'apiHosts[0] "https://api.example.com" has no path: end it with "/"',
    ],
    [
      'apiHosts',
      ['https://api.example.com/v1'],
      'apiHosts[0] "https://api.example.com/v1" must end with "/"',
    ],
    ['apiHosts', ['https://*.example.com/'], 'apiHosts[0] "https://*.example.com/" is not a plain host name'],
    ['apiHosts', [], 'apiHosts must list at least one API host.'],
    [
      'apiHosts',
      ['https://a.example.com/', 'https://a.example.com/'],
      'apiHosts lists the same API host twice',
    ],
    ['addOnName', undefined, 'addOnName is missing: add it'],
    ['addOnName', '', 'addOnName is empty'],
    ['menuTitle', ' Padded', 'menuTitle " Padded" must not start or end with spaces.'],
    ['colors.primary', 'blue', 'colors.primary "blue" is not a colour: write it as # and six hex digits'],
    ['colors.accent', '#12345', 'colors.accent "#12345" is not a colour'],
    [
      'colors.primary',
      '#ffcc00',
      'colors.primary "#ffcc00" is too light for the white text on buttons (contrast 1.51:1, needs 4.5:1)',
    ],
    ['colors.accent', '#9ad0a0', 'colors.accent "#9ad0a0" is too light to read on white'],
    [
      'links.privacy',
      'http://example.com/privacy',
      'links.privacy "http://example.com/privacy" must be a full https:// address.',
    ],
    ['links.support', 'support', 'links.support "support" must be an https:// address or a mailto: address.'],
    ['id', 'Acme Chat', 'id (the folder name under dist/) "Acme Chat" may use only lowercase letters'],
    [
      'colour',
      '#ffffff',
      '"colour" in the brand file is not a brand setting: remove it or check its spelling.',
    ],
  ])('%s = %j is refused with a sentence saying what to fix', async (path, value, sentence) => {
    const problems: string[] = await brandProblems(withChange(path, value));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(sentence);
  });

  it('lists every mistake of a file at once', async () => {
    const brand = withChange('apiHosts', ['ftp://x.example.com/']);
    delete brand.serviceName;
    (brand.colors as Record<string, string>).primary = 'red';
    expect(await brandProblems(brand)).toHaveLength(3);
  });

  it('the build refuses a bad brand file with the sentences and exit code 1, writing nothing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'brand-'));
    try {
      const file = join(folder, 'bad.json');
      writeFileSync(file, JSON.stringify(withChange('apiHosts', ['https://api.example.com'])));
      const result = spawnSync(process.execPath, ['scripts/build.mjs', '--brand', file], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('has 1 problem(s)');
      expect(result.stderr).toContain('has no path: end it with "/"');
      const missing = spawnSync(process.execPath, ['scripts/build.mjs', '--brand', 'brands/nope.json'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain('Brand file brands/nope.json cannot be read');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('loadBrand drops $schema and keeps the rest', async () => {
    const brand = await loadBrand('brands/acme.json');
    expect(brand.$schema).toBeUndefined();
    expect(brand.addOnName).toBe('Acme Chat Contacts');
  });
});

describe('the partner build (dist/acme/)', () => {
  const files = ['Code.js', 'Sidebar.html', 'appsscript.json'];
  const partner = Object.fromEntries(files.map((f) => [f, readFileSync(join(PARTNER_DIST, f), 'utf8')]));

  it.each(files)('%s names no BotPenguin and none of its hosts', (file) => {
    expect(partner[file]).not.toMatch(/botpenguin|express-chat/i);
  });

  it('the manifest is appsscript.json with the partner hosts as its allowlist', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'appsscript.json'), 'utf8'));
    const built = JSON.parse(partner['appsscript.json']);
    // The brand is the one source of API hosts: the root manifest has none of its own.
    expect(root.urlFetchWhitelist).toBeUndefined();
    expect(built).toEqual({ ...root, urlFetchWhitelist: ['https://api.acmechat.example/'] });
    const defaultBuilt = JSON.parse(readFileSync(join(DIST, 'appsscript.json'), 'utf8'));
    expect(defaultBuilt.urlFetchWhitelist).toEqual(defaultBrand.apiHosts);
  });

  it('the bundle carries the partner name, headers, links and host; the sidebar its title and colours', () => {
    for (const text of [
      'Acme Chat Contacts',
      'Acme Chat Status',
      'Acme Chat Details',
      'https://acmechat.example/help/sheets',
      'mailto:support@acmechat.example',
      'https://acmechat.example/privacy',
      'https://api.acmechat.example/',
    ])
      expect(partner['Code.js'], text).toContain(text);
    expect(partner['Sidebar.html']).toContain('<title>Acme Chat Contacts</title>');
    expect(partner['Sidebar.html']).toContain(':root{--bp-primary:#6a1b9a;--bp-accent:#00796b}');
  });

  it('BRAND=brands/acme.json builds the same files as --brand', () => {
    const folder = mkdtempSync(join(tmpdir(), 'brand-env-'));
    try {
      // Built through the CLI into dist/acme/ (atomic writes: other test files may be reading it).
      execFileSync(process.execPath, ['scripts/build.mjs'], {
        cwd: ROOT,
        env: { ...process.env, BRAND: 'brands/acme.json' },
        encoding: 'utf8',
      });
      for (const file of files)
        expect(readFileSync(join(PARTNER_DIST, file), 'utf8'), file).toBe(partner[file]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
