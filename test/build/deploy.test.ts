/**
 * `npm run deploy` (scripts/deploy.mjs): builds the brand, then pushes with the brand's own clasp
 * project file; without a usable one it says what to do and pushes nothing. --dry-run asks clasp
 * what it would push, which works offline.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/paths';

function deploy(...args: string[]): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, ['scripts/deploy.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const PARTNER_PROJECT = join(ROOT, '.clasp.acme.json');

function withPartnerProject(project: Record<string, unknown>, run: () => void): void {
  writeFileSync(PARTNER_PROJECT, JSON.stringify(project));
  try {
    run();
  } finally {
    rmSync(PARTNER_PROJECT, { force: true });
  }
}

describe('npm run deploy', () => {
  it('refuses the shipped placeholder Script ID with how to get one', () => {
    const { status, out } = deploy('--dry-run');
    expect(status).toBe(1);
    expect(out).toContain('.clasp.json has no Script ID yet');
    expect(out).toContain('npx clasp create --type standalone --title "BotPenguin Contacts" --rootDir dist');
  });

  it('asks a partner for their own project file', () => {
    const { status, out } = deploy('--brand', 'brands/acme.json', '--dry-run');
    expect(status).toBe(1);
    expect(out).toContain('There is no .clasp.acme.json for Acme Chat Contacts');
    expect(out).toContain('set "rootDir" to "dist/acme"');
  });

  it('refuses a project file that would push another folder', () => {
    withPartnerProject({ scriptId: '1abc', rootDir: 'dist' }, () => {
      const { status, out } = deploy('--brand', 'brands/acme.json', '--dry-run');
      expect(status).toBe(1);
      expect(out).toContain(
        '.clasp.acme.json pushes "dist", but Acme Chat Contacts is built into "dist/acme"',
      );
    });
  });

  it("pushes exactly the partner's built files with the partner's project", () => {
    withPartnerProject({ scriptId: '1abc', rootDir: 'dist/acme', skipSubdirectories: true }, () => {
      const { status, out } = deploy('--brand', 'brands/acme.json', '--dry-run');
      expect(status, out).toBe(0);
      const tracked = out.split('Untracked files:')[0];
      const files = [...tracked.matchAll(/dist\/\S+/g)].map((m) => m[0]).sort();
      expect(files).toEqual([
        'dist/acme/Code.js',
        'dist/acme/Sidebar.html',
        'dist/acme/appsscript.json',
        'dist/acme/i18n-en.html',
        'dist/acme/i18n-es.html',
        'dist/acme/i18n-fr.html',
        'dist/acme/i18n-hi.html',
        'dist/acme/i18n-pt-BR.html',
        'dist/acme/phone-metadata.html',
      ]);
    });
  });
});
