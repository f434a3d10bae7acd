import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/paths';

describe('clasp', () => {
  it('would push exactly the built files from dist/, the catalogue files too (clasp status works offline)', () => {
    const out = execFileSync(join(ROOT, 'node_modules/.bin/clasp'), ['show-file-status', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
    });
    const status = JSON.parse(out.trim().split('\n').pop() ?? '{}');
    expect([...status.filesToPush].sort()).toEqual([
      'dist/Code.js',
      'dist/Sidebar.html',
      'dist/appsscript.json',
      // The non-English catalogues, read by the server only for their language's users.
      'dist/i18n-en.html',
      'dist/i18n-es.html',
      'dist/i18n-fr.html',
      'dist/i18n-hi.html',
      'dist/i18n-pt-BR.html',
      // libphonenumber's metadata, read only by executions that read a phone.
      'dist/phone-metadata.html',
    ]);
    // Only other brands' builds (dist/<id>/) stay behind, and clasp skips them.
    const brandFolders = readdirSync(join(ROOT, 'brands'))
      .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
      .map((name) => `dist/${name.replace(/\.json$/, '')}/`);
    for (const file of status.untrackedFiles) expect(brandFolders, file).toContain(file);
  });
});
