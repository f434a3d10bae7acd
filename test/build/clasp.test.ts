import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/paths';

describe('clasp', () => {
  it('would push exactly the built files from dist/ (clasp status works offline)', () => {
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
    ]);
    expect(status.untrackedFiles).toEqual([]);
  });
});
