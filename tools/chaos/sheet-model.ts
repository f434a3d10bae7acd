/**
 * The chaos tests' model of the sheet's contacts: which rows exist (found by their unique Name
 * cell, so sorts and inserts do not confuse it), which numbers each can be sent as, and how many
 * runs were allowed to send each number. Knows nothing of the product's code.
 */
import type { Emulator } from '../../emulator/index';
import { columnLetter, SHEET } from '../harness';
import type { DefaultCountry, RowKind, RowSpec, RunMode, SheetSpec } from './commands';

export const HEADER = { name: 'Name', phone: 'Phone', email: 'Email', optIn: 'Opt-in', notes: 'Notes' };
export const STATUS_HEADER = 'BotPenguin Status';
export const DETAILS_HEADER = 'BotPenguin Details';

export interface ContactModel {
  id: number;
  name: string;
  kind: Exclude<RowKind, 'duplicate' | 'blank'>;
  /** prefix+number for a number that does not depend on the default country. */
  fixedKey: string | null;
  /** National digits of a 'national' row. */
  national: string | null;
  consent: boolean;
  /** Every number this row's phone could ever be read as (it keeps old ones after an edit). */
  keysEver: Set<string>;
  /** Edited (or its settings changed) since it was last seen Imported. */
  dirty: boolean;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The contact a row's cells describe, and the text typed into its phone cell. */
function phoneCell(
  kind: ContactModel['kind'],
  n: number,
): { cell: unknown; key: string | null; national: string | null } {
  const mobile = `98${pad(n, 8)}`;
  switch (kind) {
    case 'intl':
      return { cell: `'+91 ${mobile}`, key: `91${mobile}`, national: null };
    case 'number':
      return { cell: Number(`91${mobile}`), key: `91${mobile}`, national: null };
    case 'error':
      // No apostrophe: Sheets (and the emulator) turn it into a #ERROR! formula.
      return { cell: `+91 ${mobile.slice(0, 5)} ${mobile.slice(5)}`, key: `91${mobile}`, national: null };
    case 'national': {
      const digits = `2015551${pad(n % 1000, 3)}`;
      return { cell: `'${digits}`, key: null, national: digits };
    }
    case 'refused':
      return { cell: `'+91 97${pad(n, 8)}`, key: `9197${pad(n, 8)}`, national: null };
    case 'invalid':
      return { cell: n % 2 ? 'call me' : '12345', key: null, national: null };
  }
}

export function currentKey(c: ContactModel, country: DefaultCountry): string | null {
  if (c.kind === 'invalid') return null;
  if (c.national !== null)
    return country === 'IN' ? `91${c.national}` : country === 'US' ? `1${c.national}` : null;
  return c.fixedKey;
}

/** Numbers a row could be sent as under any default country. */
export function possibleKeys(c: ContactModel): string[] {
  if (c.national !== null) return [`91${c.national}`, `1${c.national}`];
  return c.fixedKey ? [c.fixedKey] : [];
}

export class SheetModel {
  readonly contacts = new Map<string, ContactModel>();
  /** Runs (and killed executions) that were allowed to send each number. */
  readonly allowance = new Map<string, number>();
  defaultCountry: DefaultCountry = null;
  /** Contacts edited during the current command. */
  readonly touched = new Set<string>();
  private nextNumber = 1;
  private nextId = 1;

  constructor(
    readonly em: Emulator,
    readonly spec: SheetSpec,
  ) {}

  /** Refused numbers (mock `invalidPhones`) of the generated sheet. */
  refusedKeys(): string[] {
    return [...this.contacts.values()].filter((c) => c.kind === 'refused').map((c) => c.fixedKey!);
  }

  headers(): string[] {
    return [
      HEADER.name,
      HEADER.phone,
      HEADER.email,
      ...(this.spec.optInColumn ? [HEADER.optIn] : []),
      HEADER.notes,
    ];
  }

  /** A new contact of `kind` and its row cells. */
  newContact(kind: ContactModel['kind'], consent: boolean): { model: ContactModel; cells: unknown[] } {
    const id = this.nextId++;
    const n = this.nextNumber++;
    const phone = phoneCell(kind, n);
    const model: ContactModel = {
      id,
      name: `Person ${id}`,
      kind,
      fixedKey: phone.key,
      national: phone.national,
      consent: this.spec.optInColumn ? consent : true,
      keysEver: new Set(),
      dirty: true,
    };
    for (const key of possibleKeys(model)) model.keysEver.add(key);
    this.contacts.set(model.name, model);
    return { model, cells: this.cellsOf(model, phone.cell) };
  }

  cellsOf(c: ContactModel, phone: unknown): unknown[] {
    const consent = this.spec.optInColumn ? [c.consent ? 'Yes' : 'No'] : [];
    return [c.name, phone, `p${c.id}@example.com`, ...consent, `note ${c.id}`];
  }

  /** The generated sheet's rows (blank rows as empty arrays). */
  initialRows(rows: RowSpec[]): unknown[][] {
    const out: unknown[][] = [];
    const sources: { model: ContactModel; phone: unknown }[] = [];
    for (const spec of rows) {
      if (spec.kind === 'blank') {
        out.push([]);
        continue;
      }
      if (spec.kind === 'duplicate' && sources.length > 0) {
        const source = sources[spec.copyOf % sources.length];
        const id = this.nextId++;
        const model: ContactModel = {
          ...source.model,
          id,
          name: `Person ${id}`,
          consent: this.spec.optInColumn ? spec.consent : true,
          keysEver: new Set(source.model.keysEver),
          dirty: true,
        };
        this.contacts.set(model.name, model);
        out.push(this.cellsOf(model, source.phone));
        continue;
      }
      const kind = spec.kind === 'duplicate' ? 'intl' : spec.kind;
      const { model, cells } = this.newContact(kind, spec.consent);
      sources.push({ model, phone: cells[1] });
      out.push(cells);
    }
    return out;
  }

  /** A fresh valid number for an edited phone cell. */
  editedPhone(c: ContactModel, to: 'new' | 'invalid'): unknown {
    const n = this.nextNumber++;
    const kind = to === 'new' ? 'intl' : 'invalid';
    const phone = phoneCell(kind, n);
    c.kind = kind;
    c.fixedKey = phone.key;
    c.national = null;
    if (phone.key) c.keysEver.add(phone.key);
    c.dirty = true;
    return phone.cell;
  }

  allow(key: string, by = 1): void {
    this.allowance.set(key, (this.allowance.get(key) ?? 0) + by);
  }

  /** Before a run: each number a row in its scope could be sent as may be accepted once more. */
  allowRun(activeRanges: readonly string[], mode: RunMode): void {
    if (mode === 'validate') return;
    const view = this.readSheet();
    const selected = new Set<number>();
    for (const a1 of activeRanges) {
      const m = /^[A-Z]+(\d+)(?::[A-Z]+(\d+))?$/.exec(a1);
      if (!m) continue;
      const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
      for (let r = Math.min(from, to); r <= Math.max(from, to); r++) selected.add(r);
    }
    const keys = new Set<string>();
    for (const row of view.rows) {
      const c = row.contact;
      if (!c) continue;
      const inScope =
        mode === 'all' ||
        (mode === 'retry' && (row.status === 'Failed' || row.status === 'Queued')) ||
        ((mode === 'selected' || mode === 'force') && selected.has(row.row));
      if (inScope && (mode === 'force' || row.status !== 'Imported' || c.dirty))
        for (const key of possibleKeys(c)) keys.add(key);
    }
    for (const key of keys) this.allow(key);
  }

  // -------------------------------------------------------------------------------------------
  // Reading the sheet as the user sees it

  readSheet(): SheetView {
    const sheet = this.em.spreadsheet.requireSheet(SHEET);
    const lastRow = sheet.lastRow();
    const lastColumn = Math.max(sheet.lastColumn(), 1);
    const all =
      lastRow >= 1 ? this.em.user.getValues(SHEET, `A1:${columnLetter(lastColumn)}${lastRow}`) : [[]];
    const headers = all[0].map(String);
    return new SheetView(this, headers, all.slice(1));
  }
}

export interface RowView {
  row: number;
  contact: ContactModel | null;
  cells: unknown[];
  status: string;
  details: string;
}

export class SheetView {
  readonly rows: RowView[];
  readonly column: (header: string) => number;

  constructor(
    model: SheetModel,
    readonly headers: string[],
    data: unknown[][],
  ) {
    this.column = (header) => headers.indexOf(header) + 1;
    const s = headers.indexOf(STATUS_HEADER);
    const d = headers.indexOf(DETAILS_HEADER);
    const n = headers.indexOf(HEADER.name);
    this.rows = data.map((cells, i) => ({
      row: i + 2,
      cells,
      contact: n >= 0 ? (model.contacts.get(String(cells[n])) ?? null) : null,
      status: s >= 0 ? String(cells[s] ?? '') : '',
      details: d >= 0 ? String(cells[d] ?? '') : '',
    }));
  }

  /** The data row a fraction in [0, 1) points at, or null when there are none. */
  rowAt(fraction: number): RowView | null {
    if (this.rows.length === 0) return null;
    return this.rows[Math.min(this.rows.length - 1, Math.floor(fraction * this.rows.length))];
  }

  lastRow(): number {
    return this.rows.length + 1;
  }
}
