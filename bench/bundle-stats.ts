/**
 * What Apps Script has to load: sizes of the built files (raw and gzip) and how long the bundle's
 * top-level code takes to evaluate in a fresh vm context (Apps Script evaluates it at the start of
 * every execution). Wall-clock time on this machine: reported, never asserted.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';

interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleStats {
  files: FileSize[];
  /** Compiling and evaluating Code.js in a new context: the first time, and the median of `loadRuns`. */
  firstLoadMs: number;
  loadMs: number;
  loadRuns: number;
}

function fileSize(path: string, file: string): FileSize {
  const content = readFileSync(path);
  return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/**
 * Compiles and evaluates the bundle in `runs` fresh contexts (no Apps Script services: its
 * top-level code must not need any). Later runs may profit from V8's compilation cache, so the
 * first run is reported too.
 */
function measureLoadTimes(codePath: string, runs: number): number[] {
  const source = readFileSync(codePath, 'utf8');
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = vm.createContext({});
    const started = performance.now();
    new vm.Script(source, { filename: 'Code.js' }).runInContext(context);
    times.push(performance.now() - started);
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function measureBundle(codePath: string, sidebarPath: string, runs = 25): BundleStats {
  const times = measureLoadTimes(codePath, runs);
  return {
    files: [fileSize(codePath, 'dist/Code.js'), fileSize(sidebarPath, 'dist/Sidebar.html')],
    firstLoadMs: times[0],
    loadMs: median(times),
    loadRuns: runs,
  };
}
