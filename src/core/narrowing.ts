/**
 * The sender's queue of batches, and how a batch BotPenguin refused (400/422) is narrowed down to
 * the profiles it objects to, as cheaply as the refusals allow:
 *
 * - a refused batch is split in two, and both halves are sent;
 * - when one half is accepted, the refused half is split again (one bad profile in n costs
 *   about 1 + 2·log2(n) requests);
 * - when both halves are refused, both are split again; and when all four quarters are refused
 *   too, bad profiles are dense: every profile of those quarters is sent alone (a batch of 100
 *   that is all bad costs 1 + 2 + 4 + 100 = 107 requests, 1.07 per profile, instead of 2).
 *
 * What is left when time runs out comes back as PendingGroup records, which the server keeps with
 * the job, so the next execution resumes narrowing instead of starting again from the whole batch.
 * Platform-free.
 */
import { BRAND } from '../shared/brand';
import type { SendItem } from './sender';

/** Unsent profiles as the sender left them. */
export interface PendingGroup {
  ids: number[];
  /** fresh: not known to hold a refused profile; refused: known to; single: send each alone. */
  kind: 'fresh' | 'refused' | 'single';
}

interface Split {
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

  constructor(
    /** Extra requests narrowing may still spend. */
    private budget: number,
    private readonly fail: (batch: Batch, reason: string) => void,
  ) {}

  /** Queues the resumed groups first (in their order), then the rest as planned batches. */
  load(items: SendItem[], resume: readonly PendingGroup[], plan: (rest: SendItem[]) => SendItem[][]): void {
    const byId = new Map(items.map((i) => [i.id, i]));
    const used = new Set<number>();
    for (const group of resume) {
      const groupItems: SendItem[] = [];
      for (const id of group.ids) {
        const item = byId.get(id);
        if (item && !used.has(id)) {
          used.add(id);
          groupItems.push(item);
        }
      }
      if (groupItems.length === 0) continue;
      if (group.kind === 'single') for (const item of groupItems) this.queue.push(newBatch([item], 'single'));
      else if (group.kind === 'refused' && groupItems.length > 1)
        this.queue.push(...this.halves(groupItems, null));
      else this.queue.push(newBatch(groupItems, group.kind === 'refused' ? 'single' : 'fresh'));
    }
    for (const batch of plan(items.filter((i) => !used.has(i.id)))) this.queue.push(newBatch(batch, 'fresh'));
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
      this.fail(batch, `${BRAND.serviceName} rejected this contact: ${message}`);
      this.answered(batch, 'refused');
    } else if (batch.split) {
      this.answered(batch, 'refused');
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
    this.fail(batch, `${BRAND.serviceName} rejected the batch this contact was in: ${batch.refusal}`);
  }

  /** What is left, grouped so that the next call goes on where this one stopped. */
  pendingGroups(isUnsent: (id: number) => boolean): PendingGroup[] {
    const groups: PendingGroup[] = [];
    const add = (batch: Batch, kind: PendingGroup['kind']) => {
      const ids = batch.items.map((i) => i.id).filter(isUnsent);
      if (ids.length) groups.push({ ids, kind });
    };
    for (const batch of this.parked) add(batch, 'refused');
    for (const batch of this.queue) add(batch, batch.kind === 'single' ? 'single' : 'fresh');
    return groups;
  }
}
