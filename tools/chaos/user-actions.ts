/**
 * The human's side of a chaos session: what each user action does to the sheet (through the
 * emulator's `user`, immediate and free, as a person at the keyboard) and to the model.
 * Settings changes are returned as a patch for the sidebar's saveSettings.
 */
import type { SettingsPatch } from '../../src/shared/contracts';
import { columnLetter, SHEET } from '../harness';
import type { UserAction } from './commands';
import { DETAILS_HEADER, HEADER, type SheetModel, STATUS_HEADER } from './sheet-model';

export function applyUserAction(model: SheetModel, action: UserAction): SettingsPatch | null {
  const { em } = model;
  const view = model.readSheet();
  const last = view.lastRow();
  const rowOf = (fraction: number) => 2 + Math.min(last - 2, Math.floor(fraction * (last - 1)));
  switch (action.kind) {
    case 'select': {
      if (last < 2) return null;
      const range = (a: number, b: number) =>
        `A${Math.min(rowOf(a), rowOf(b))}:C${Math.max(rowOf(a), rowOf(b))}`;
      em.user.select(SHEET, [
        range(action.from, action.to),
        ...(action.second ? [range(...action.second)] : []),
      ]);
      return null;
    }
    case 'sort':
      if (last > 2)
        em.user.sortRows(SHEET, { column: action.column, ascending: action.ascending, startRow: 2 });
      return null;
    case 'insertRows': {
      const at = 2 + Math.floor(action.at * last);
      em.user.insertRows(SHEET, at, action.count);
      if (action.withContact) {
        const { cells } = model.newContact('intl', true);
        em.user.setValues(SHEET, `A${at}:${columnLetter(cells.length)}${at}`, [cells]);
      }
      return null;
    }
    case 'deleteRows': {
      if (last < 2) return null;
      const at = rowOf(action.at);
      em.user.deleteRows(SHEET, at, Math.min(action.count, last - at + 1));
      return null;
    }
    case 'editPhone':
    case 'editEmail':
    case 'editConsent': {
      const row = view.rowAt(action.at);
      const c = row?.contact;
      if (!row || !c || (action.kind === 'editConsent' && view.column(HEADER.optIn) < 1)) return null;
      model.touched.add(c.name);
      c.dirty = true;
      if (action.kind === 'editPhone') {
        const cell = model.editedPhone(c, action.to);
        em.user.setValues(SHEET, `B${row.row}`, [[cell]]);
        // A queued row is read again before it is sent: its job sends the new number.
        if (row.status === 'Queued' && c.fixedKey) model.allow(c.fixedKey);
      } else if (action.kind === 'editEmail') {
        const column = view.column(HEADER.email);
        em.user.setValues(SHEET, `${columnLetter(column)}${row.row}`, [[`p${c.id}.${row.row}@example.org`]]);
      } else {
        const column = view.column(HEADER.optIn);
        c.consent = !c.consent;
        em.user.setValues(SHEET, `${columnLetter(column)}${row.row}`, [[c.consent ? 'Yes' : 'No']]);
      }
      return null;
    }
    case 'filter': {
      if (last < 2) return null;
      // Hide the chosen rows by their email, as a user unticking values in the filter does.
      const email = view.column(HEADER.email);
      const hidden = action.rows.map((f) => String(view.rowAt(f)?.cells[email - 1] ?? ''));
      em.user.createFilter(SHEET, `A1:${columnLetter(view.headers.length)}${last}`, {
        [columnLetter(email)]: { hiddenValues: hidden },
      });
      return null;
    }
    case 'editorAddRows': {
      // Typed below the last row, as a teammate adding contacts does: new numbers, opted in.
      for (let i = 0; i < action.count; i++) {
        const { cells } = model.newContact('intl', true);
        const row = last + 1 + i;
        em.user.setValues(SHEET, `A${row}:${columnLetter(cells.length)}${row}`, [cells]);
      }
      return null;
    }
    case 'removeFilter':
      em.user.removeFilter(SHEET);
      return null;
    case 'moveStatusColumns':
      moveStatusColumns(model);
      return null;
    case 'defaultCountry':
      model.defaultCountry = action.country;
      for (const c of model.contacts.values()) if (c.national !== null) c.dirty = true;
      return { defaultCountry: action.country };
    case 'mapping': {
      for (const c of model.contacts.values()) c.dirty = true;
      if (action.notesAsAttribute) return { mapping: null };
      const fields: Record<string, string> = { name: HEADER.name, phone: HEADER.phone, email: HEADER.email };
      if (model.spec.optInColumn) fields.consent = HEADER.optIn;
      return { mapping: { fields, attributes: [] } };
    }
    default:
      return null;
  }
}

/** Drags the Notes column to the right of the two status columns (a rotation of the three). */
function moveStatusColumns(model: SheetModel): void {
  const view = model.readSheet();
  const columns = [HEADER.notes, STATUS_HEADER, DETAILS_HEADER].map(view.column);
  if (columns.some((c) => c < 1)) return;
  const first = Math.min(...columns);
  if (Math.max(...columns) - first !== 2) return;
  const last = view.lastRow();
  const a1 = `${columnLetter(first)}1:${columnLetter(first + 2)}${last}`;
  const values = model.em.user.getValues(SHEET, a1);
  // Keep text as text: a leading apostrophe stops "+91…" or "=…" becoming a formula again.
  const asTyped = (v: unknown) => (typeof v === 'string' && /^[=+\-@']/.test(v) ? `'${v}` : v);
  model.em.user.setValues(
    SHEET,
    a1,
    values.map((row) => [row[1], row[2], row[0]].map(asTyped)),
  );
}
