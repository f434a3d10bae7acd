/**
 * Records the server keeps in PropertiesService must fit Apps Script's 9 KB per value ("Argument
 * too large: value"; quotas page: "Properties value size 9 KB"). Pending rows are kept as runs of
 * tokens ("1-500,503"), which consecutive tokens make a few bytes whatever the batch size; should
 * a record still pass the limit (thousands of scattered tokens), its pending groups are dropped:
 * the rows stay Queued and the next call narrows their batches from the start, which costs
 * requests, never rows. Platform-free.
 */
import { utf8Length } from '../shared/text';
import type { PendingGroup } from './narrowing';

export const JOB_RECORD_LIMIT_BYTES = 8 * 1024;
const REFUSAL_KEPT_CHARS = 300;

/** Token lists as runs: [1,2,3,7] -> "1-3,7". */
function compactIds(ids: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    runs.push(j > i ? `${ids[i]}-${ids[j]}` : String(ids[i]));
    i = j + 1;
  }
  return runs.join(',');
}

/** "1-3,7" -> [1,2,3,7]; null when the text is not such a list. */
export function expandIds(text: string): number[] | null {
  if (text === '') return [];
  const ids: number[] = [];
  for (const run of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(run);
    if (!m) return null;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from || to - from > 100_000) return null;
    for (let id = from; id <= to; id++) ids.push(id);
  }
  return ids;
}

/** A job record as stored: pending ids compacted, refusals shortened, and under the size limit. */
export function serializeJob<T extends { pending: PendingGroup[] }>(job: T): string {
  const pending = job.pending.map((g) => ({
    ...g,
    ids: compactIds(g.ids),
    ...('refusal' in g && typeof g.refusal === 'string'
      ? { refusal: g.refusal.slice(0, REFUSAL_KEPT_CHARS) }
      : {}),
  }));
  const text = JSON.stringify({ ...job, pending });
  if (utf8Length(text) <= JOB_RECORD_LIMIT_BYTES) return text;
  return JSON.stringify({ ...job, pending: [] });
}
