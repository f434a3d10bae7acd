import { execFileSync } from 'node:child_process';
import { ROOT } from './paths';

/**
 * The commit a report ran on, for the committed bench and soak reports: the short hash, with
 * "uncommitted changes" when the work tree differs from it (a report then describes no commit).
 */
export function commitDescription(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    const hash = git('rev-parse', '--short=10', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
    return dirty ? `${hash} with uncommitted changes` : hash;
  } catch {
    return 'no git commit (not a git work tree)';
  }
}
