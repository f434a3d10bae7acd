/**
 * Every script the README names that runs from source, started exactly as `npm run <name>` starts
 * it (tools/npm-script.ts; the build is vitest's global setup) in a small mode, so none can break
 * unseen: the benchmark on a few hundred rows, chaos on one fixed seed, a soak of two sessions, and
 * the playground started and stopped. Each must exit 0 (or, for the playground, serve its page).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmScriptNodeArgs } from '../../tools/npm-script';
import { ROOT } from '../../tools/paths';

const out = mkdtempSync(join(tmpdir(), 'scripts-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(name: string, args: string[]): Promise<Finished> {
  const child = spawn(process.execPath, [...npmScriptNodeArgs(name), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The scripts below; a new `node …` script in package.json must be added here. */
const COVERED = ['start', 'bench', 'chaos', 'soak', 'quota-week'];

describe('the scripts the README names', () => {
  it('every npm script that runs source under node is started by this file', () => {
    const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const fromSource = Object.entries(scripts as Record<string, string>)
      .filter(([, command]) => / node --import tsx /.test(` ${command.replace(/^npm run build && /, '')}`))
      .map(([name]) => name);
    expect(fromSource.sort()).toEqual([...COVERED].sort());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of COVERED) expect(readme).toContain(name === 'start' ? 'npm start' : `npm run ${name}`);
  });

  it('npm run bench -- --small writes a report with figures and the commit it ran on', async () => {
    const run = await runScript('bench', ['--small', '--out', join(out, 'bench')]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'bench', 'latest.json'), 'utf8'));
    expect(report.commit).toMatch(/^[0-9a-f]{10}( with uncommitted changes)?$/);
    expect(
      report.imports.find((f: { way: string; rows: number }) => f.way === 'addon' && f.rows === 200).requests,
    ).toBe(2);
    expect(report.pipeline.rowsPerSecond).toBeGreaterThan(0);
    expect(report.bundle.loadMs).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'bench', 'latest.md'), 'utf8')).toContain(`on commit ${report.commit}`);
  });

  it('npm run chaos -- --seed 13 runs and passes that seed', async () => {
    const run = await runScript('chaos', ['--seed', '13']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^seed 13: passed · \d+ commands, \d+ requests$/m);
  });

  it('npm run soak -- --sessions 2 writes its report, naming the commit and the seeds', async () => {
    const file = join(out, 'soak.md');
    const run = await runScript('soak', ['--sessions', '2', '--workers', '2', '--seed', '21', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('soak: seeds from 21 (2 workers)');
    const report = readFileSync(file, 'utf8');
    expect(report).toMatch(/on commit [0-9a-f]{10}/);
    expect(report).toContain('| sessions | 2 |');
    expect(report).toContain('| seeds | 21–22 (from 21) |');
    expect(report).toContain('| failures | 0 |');
  });

  it('npm run quota-week -- --rows 200 --days 1 writes its report with each day against the limits', async () => {
    const file = join(out, 'quota-week.md');
    const run = await runScript('quota-week', [
      '--rows',
      '200',
      '--days',
      '1',
      '--per-hour',
      '2',
      '--out',
      file,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = readFileSync(file, 'utf8');
    expect(report).toMatch(/on commit [0-9a-f]{10}/);
    expect(report).toMatch(/^\| 1 \| 24 \| 0 \| [\d.]+ \| \d+ \| \d+ \|$/m);
    expect(report).toContain('Rows at the end: 248; Imported: 248; not imported: 0.');
  });

  it('npm start serves the playground page and stops when asked', async () => {
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, [...npmScriptNodeArgs('start'), '--port', '0'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child?.stdout?.on('data', (chunk: Buffer) => {
          stdout += chunk;
          const match = /playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (match) resolve(match[1]);
        });
        child?.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${stdout}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    } finally {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child?.on('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    }
  });
});
