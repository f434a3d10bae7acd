/**
 * The sender's queue of batches, and how a batch BotPenguin refused (400/422) is narrowed down to
 * the profiles it objects to, as cheaply as the refusals allow:
 *
 * - a refused batch is split in two, and both halves are sent;
 * - when one half is accepted, the refused half is split again (one bad profile in n costs
 *   about 1 + 2·log2(n) requests);
 * - when both halves are refused, both are split again; and when all four quarters are refused
 *   too, bad profiles are dense: every profile of those quarters is sent alone (a batch of 100
 *   that is all bad costs 1 + 2 + 4 + 100 = 107 requests, 1.07 per profile, instead of 2);
 * - a refused batch of at most SEND_ALONE_AT_MOST profiles, as planned (the last of a job, a small
 *   selection), has each profile sent alone at once: n + 1 requests whatever is wrong with it
 *   (2 bad profiles in 11: 12 requests, where halving costs up to 15; all 11 bad: 12, not 18).
 *
 * What is left when time runs out comes back as PendingGroup records (with the splits the groups
 * came from), which the server keeps with the job, so the next execution resumes narrowing exactly
 * where this one stopped instead of starting again from the whole batch.
 * Platform-free.
 */
import type { FailedItems, SendItem } from './send-types';

/**
 * What the sender left: unsent profiles, and the splits they came from, so the next call decides
 * exactly as one long call would have (a split's answers so far, its parent, its cousins).
 */
export type PendingGroup =
  | {
      /** fresh: not known to hold a refused profile; refused: known to (waiting for its sibling's
       * answer when `split` is set); single: send each alone; half: one half of `split`. */
      kind: 'fresh' | 'refused' | 'single' | 'half';
      ids: number[];
      split?: number;
      /** BotPenguin's words when it refused this group. */
      refusal?: string;
    }
  | {
      kind: 'split';
      /** Always empty: a split record holds no profiles. */
      ids: number[];
      id: number;
      parent: number | null;
      answers: number;
      refusedCount: number;
      decided: boolean;
    };

interface Split {
  id: number;
  answers: number;
  refusedCount: number;
  /** Refused halves of more than one profile, to narrow further once both halves answered. */
  refusedToNarrow: Batch[];
  /** The split whose refused half this split came from. */
  parent: Split | null;
  /** Splits of this split's refused halves. */
  children: Split[];
  /** Both halves answered, and how they went on has been decided. */
  decided: boolean;
}

/**
 * Up to this many profiles, sending each alone (n requests) costs no more than halving would for
 * two bad profiles (up to 4·log2(n)), and takes fewer waves.
 */
const SEND_ALONE_AT_MOST = 16;

const bothAnswered = (split: Split) => split.answers === 2;
const bothRefused = (split: Split) => split.refusedCount === 2;

export interface Batch {
  items: SendItem[];
  attempts: number;
  notBefore: number;
  kind: 'fresh' | 'half' | 'single';
  /** For halves: the split they came from. */
  split: Split | null;
  /** BotPenguin's words when it refused this batch. */
  refusal: string;
}

export type Answer = 'accepted' | 'refused' | 'unknown';

const newBatch = (items: SendItem[], kind: Batch['kind'], split: Split | null = null): Batch => ({
  items,
  attempts: 0,
  notBefore: 0,
  kind,
  split,
  refusal: '',
});

export class Narrowing {
  private queue: Batch[] = [];
  /** Refused halves waiting for their sibling's answer. */
  private parked: Batch[] = [];
  private nextSplitId = 1;
  /** Profiles narrowing has settled as failed since the last takeFailures(). */
  private failures: FailedItems[] = [];

  constructor(
    /** Extra requests narrowing may still spend. */
    private budget: number,
  ) {}

  /** What narrowing decided had failed since it was last asked; the sender records the outcomes. */
  takeFailures(): FailedItems[] {
    const failed = this.failures;
    this.failures = [];
    return failed;
  }

  /** Queues the resumed groups first (in their order), then the rest as planned batches. */
  load(items: SendItem[], resume: readonly PendingGroup[], plan: (rest: SendItem[]) => SendItem[][]): void {
    const byId = new Map(items.map((i) => [i.id, i]));
    const used = new Set<number>();
    const splits = this.restoreSplits(resume);
    for (const group of resume) {
      if (group.kind === 'split') continue;
      const groupItems: SendItem[] = [];
      for (const id of group.ids) {
        const item = byId.get(id);
        if (item && !used.has(id)) {
          used.add(id);
          groupItems.push(item);
        }
      }
      if (groupItems.length === 0) continue;
      const split = group.split === undefined ? undefined : splits.get(group.split);
      if (group.kind === 'single') for (const item of groupItems) this.queue.push(newBatch([item], 'single'));
      else if (group.kind === 'half' && split) this.queue.push(newBatch(groupItems, 'half', split));
      else if (group.kind === 'refused' && split && groupItems.length > 1) {
        const batch = newBatch(groupItems, 'half', split);
        batch.refusal = group.refusal ?? '';
        split.refusedToNarrow.push(batch);
        this.parked.push(batch);
      } else if (group.kind === 'refused' && groupItems.length > 1)
        this.queue.push(...this.halves(groupItems, null));
      else this.queue.push(newBatch(groupItems, group.kind === 'refused' ? 'single' : 'fresh'));
    }
    this.settleMissingHalves(splits);
    for (const batch of plan(items.filter((i) => !used.has(i.id)))) this.queue.push(newBatch(batch, 'fresh'));
  }

  private restoreSplits(resume: readonly PendingGroup[]): Map<number, Split> {
    const splits = new Map<number, Split>();
    for (const g of resume) {
      if (g.kind !== 'split') continue;
      splits.set(g.id, {
        id: g.id,
        answers: g.answers,
        refusedCount: g.refusedCount,
        refusedToNarrow: [],
        parent: null,
        children: [],
        decided: g.decided,
      });
      if (g.id >= this.nextSplitId) this.nextSplitId = g.id + 1;
    }
    for (const g of resume) {
      if (g.kind !== 'split' || g.parent === null) continue;
      const split = splits.get(g.id)!;
      const parent = splits.get(g.parent);
      if (parent) {
        split.parent = parent;
        parent.children.push(split);
      }
    }
    return splits;
  }

  /** A half whose rows are gone (edited, deleted) will never answer: count it as unknown. */
  private settleMissingHalves(splits: Map<number, Split>): void {
    for (const split of splits.values()) {
      if (split.decided) continue;
      const waiting = this.queue.filter((b) => b.split === split).length;
      for (let missing = 2 - split.answers - waiting; missing > 0; missing--) {
        this.answered(newBatch([], 'half', split), 'unknown');
      }
    }
  }

  hasQueued(): boolean {
    return this.queue.length > 0;
  }

  earliestStart(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const batch of this.queue) if (batch.notBefore < earliest) earliest = batch.notBefore;
    return earliest;
  }

  /** Up to `parallel` batches that may go now, in queue order. */
  takeWave(now: number, parallel: number): Batch[] {
    const wave: Batch[] = [];
    for (let i = 0; i < this.queue.length && wave.length < parallel; ) {
      if (this.queue[i].notBefore <= now) wave.push(this.queue.splice(i, 1)[0]);
      else i++;
    }
    return wave;
  }

  /** A batch that was never sent goes back to the front. */
  putBack(batch: Batch): void {
    this.queue.unshift(batch);
  }

  retryLater(batch: Batch, notBefore: number): void {
    batch.notBefore = notBefore;
    this.queue.push(batch);
  }

  /** 413: halves go first, as fresh batches; size says nothing about which profile is bad. */
  splitForSize(batch: Batch): void {
    const middle = Math.ceil(batch.items.length / 2);
    this.queue.unshift(
      newBatch(batch.items.slice(0, middle), 'fresh'),
      newBatch(batch.items.slice(middle), 'fresh'),
    );
    this.answered(batch, 'unknown');
  }

  refused(batch: Batch, message: string): void {
    batch.refusal = message;
    if (batch.items.length === 1) {
      this.failures.push({ items: batch.items, failure: { kind: 'refused', message } });
      this.answered(batch, 'refused');
    } else if (batch.split) {
      this.answered(batch, 'refused');
    } else if (batch.kind === 'fresh' && batch.items.length <= SEND_ALONE_AT_MOST) {
      this.sendAlone(batch);
    } else {
      this.narrow(batch, null);
    }
  }

  /** Records a half's answer; once both halves answered, decides how to go on with the refused. */
  answered(batch: Batch, answer: Answer): void {
    const split = batch.split;
    if (!split) return;
    split.answers++;
    if (answer === 'refused') {
      split.refusedCount++;
      if (batch.items.length > 1) split.refusedToNarrow.push(batch);
    }
    if (answer === 'refused' && batch.items.length > 1) this.parked.push(batch);
    if (!bothAnswered(split)) return;
    const parent = split.parent;
    if (parent && bothRefused(parent)) {
      // A refused pair's halves both split: decide with the cousins, once they all answered.
      const family = parent.children;
      if (family.some((c) => bothAnswered(c) && !bothRefused(c))) {
        for (const c of family) if (bothAnswered(c) && !c.decided) this.decide(c, (b) => this.narrow(b, c));
      } else if (family.every(bothAnswered)) {
        for (const c of family) if (!c.decided) this.decide(c, (b) => this.sendAlone(b));
      }
      return;
    }
    this.decide(split, (b) => this.narrow(b, split));
  }

  private decide(split: Split, goOn: (refused: Batch) => void): void {
    split.decided = true;
    this.parked = this.parked.filter((b) => b.split !== split);
    for (const refused of split.refusedToNarrow) goOn(refused);
  }

  private halves(items: SendItem[], parent: Split | null): Batch[] {
    const split: Split = {
      id: this.nextSplitId++,
      answers: 0,
      refusedCount: 0,
      refusedToNarrow: [],
      parent,
      children: [],
      decided: false,
    };
    parent?.children.push(split);
    const middle = Math.ceil(items.length / 2);
    return [newBatch(items.slice(0, middle), 'half', split), newBatch(items.slice(middle), 'half', split)];
  }

  private narrow(batch: Batch, parent: Split | null): void {
    if (this.budget < 2) {
      this.giveUp(batch);
      return;
    }
    this.budget -= 2;
    this.queue.unshift(...this.halves(batch.items, parent));
  }

  private sendAlone(batch: Batch): void {
    if (this.budget < batch.items.length) {
      this.giveUp(batch);
      return;
    }
    this.budget -= batch.items.length;
    this.queue.unshift(...batch.items.map((item) => newBatch([item], 'single')));
  }

  private giveUp(batch: Batch): void {
    this.failures.push({ items: batch.items, failure: { kind: 'refusedBatch', message: batch.refusal } });
  }

  /** What is left, grouped so that the next call goes on where this one stopped. */
  pendingGroups(isUnsent: (id: number) => boolean): PendingGroup[] {
    const groups: PendingGroup[] = [];
    const splits = new Set<Split>();
    const add = (batch: Batch, kind: 'fresh' | 'refused' | 'single' | 'half') => {
      const ids = batch.items.map((i) => i.id).filter(isUnsent);
      if (ids.length === 0) return;
      if (batch.split && kind !== 'fresh') {
        groups.push({ ids, kind, split: batch.split.id, refusal: batch.refusal });
        this.keepFamily(batch.split, splits);
      } else groups.push({ ids, kind });
    };
    for (const batch of this.parked) add(batch, 'refused');
    for (const batch of this.queue)
      add(batch, batch.kind === 'single' || batch.kind === 'fresh' ? batch.kind : 'half');
    for (const s of splits) {
      groups.push({
        kind: 'split',
        ids: [],
        id: s.id,
        parent: s.parent ? s.parent.id : null,
        answers: s.answers,
        refusedCount: s.refusedCount,
        decided: s.decided,
      });
    }
    return groups;
  }

  /** A split, its ancestors and their children: all a later decision can look at. */
  private keepFamily(split: Split, kept: Set<Split>): void {
    for (let s: Split | null = split; s; s = s.parent) {
      kept.add(s);
      for (const child of s.children) kept.add(child);
    }
  }
}
