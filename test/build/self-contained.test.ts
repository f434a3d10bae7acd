import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/paths';

/**
 * A user's clone has nothing beside it: no tracked file may read or link a folder outside the
 * repository, nor a path that exists only on one machine. The patterns are assembled from parts
 * so that this file does not match itself.
 */
const dot2 = '..';
const FORBIDDEN: { pattern: RegExp; why: string }[] = [
  // src/shared is ours; the team's notes folder beside the repo (REFERENCE.md, schemas, hooks) is not.
  {
    pattern: new RegExp(`${dot2.replace(/\./g, '\\.')}/shared/(REFERENCE|schemas|hooks)`),
    why: 'a folder beside the repository',
  },
  {
    pattern: new RegExp(`['"]${dot2.replace(/\./g, '\\.')}['"],\\s*['"]shared['"]`),
    why: 'a folder beside the repository',
  },
  {
    pattern: new RegExp(`(^|[\\s'"\`(=:])/(${['work', 'home', 'Users', 'root'].join('|')})/`),
    why: 'an absolute path of one machine',
  },
  { pattern: /[A-Z]:\\\\?Users\\/, why: 'an absolute path of one machine' },
];

const BINARY = /\.(png|jpe?g|gif|ico|woff2?|ttf|pdf)$/i;

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && !BINARY.test(f) && f !== 'package-lock.json');
}

describe('the repository stands alone', () => {
  it('no tracked file refers to a folder outside the repo or to a machine-specific absolute path', () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(50);
    const offences: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue; // deleted in the working tree but still in the index
      }
      text.split('\n').forEach((line, i) => {
        for (const { pattern, why } of FORBIDDEN) {
          if (pattern.test(line)) offences.push(`${file}:${i + 1}: ${why}: ${line.trim().slice(0, 120)}`);
        }
      });
    }
    expect(offences).toEqual([]);
  });

  it('the patterns catch what they are meant to catch', () => {
    const hits = (line: string) => FORBIDDEN.some(({ pattern }) => pattern.test(line));
    expect(hits(`readFileSync('${dot2}/shared/schemas/x.json')`)).toBe(true);
    expect(hits(`join(ROOT, '${dot2}', 'shared')`)).toBe(true);
    expect(hits(`It follows \`/${'work'}/shared/REFERENCE.md\``)).toBe(true);
    expect(hits(`see /${'home'}/alice/notes.md`)).toBe(true);
    expect(hits("import { STATUS } from '../shared/contracts'")).toBe(false);
    expect(hits('executablePath: /usr/bin/chromium')).toBe(false);
  });
});

describe('the README tells where things live', () => {
  it('its layout table names every file of src/', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const layout = readme.slice(readme.indexOf('## Project layout'), readme.indexOf('## Development'));
    const sources = trackedFiles().filter((f) => f.startsWith('src/') && !f.endsWith('tsconfig.json'));
    expect(sources.length).toBeGreaterThan(30);
    expect(sources.filter((f) => !layout.includes(`\`${f}\``))).toEqual([]);
  });
});
