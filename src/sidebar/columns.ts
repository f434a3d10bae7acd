/** Columns: which header feeds which contact field, and which other columns become attributes. */

import { type ColumnMapping, type ColumnsView, FIELD_KEYS, type FieldKey } from '../shared/contracts';
import { type MessageKey, t } from '../shared/i18n';
import { byId, el, replaceChildren, show } from './dom';
import { server } from './rpc';
import { busy, clearAlert, showResult } from './ui';

const section = byId('columns-section', HTMLDetailsElement);
const summary = byId('columns-summary', HTMLSpanElement);
const form = byId('columns-form', HTMLFormElement);
const context = byId('columns-context', HTMLParagraphElement);
const problems = byId('columns-problems', HTMLUListElement);
const why = byId('columns-why', HTMLUListElement);
const fieldMapping = byId('field-mapping', HTMLDivElement);
const attributeList = byId('attribute-list', HTMLDivElement);
const headerRowInput = byId('header-row', HTMLInputElement);
const saveButton = byId('columns-save', HTMLButtonElement);
const resetButton = byId('columns-reset', HTMLButtonElement);
const result = byId('columns-result', HTMLParagraphElement);

export const columnsButtons = [saveButton, resetButton];

const FIELD_LABEL_KEYS: Record<FieldKey, MessageKey> = {
  name: 'sidebar.field.name',
  firstName: 'sidebar.field.firstName',
  lastName: 'sidebar.field.lastName',
  phone: 'sidebar.field.phone',
  countryCode: 'sidebar.field.countryCode',
  country: 'sidebar.field.country',
  email: 'sidebar.field.email',
  tags: 'sidebar.field.tags',
  consent: 'sidebar.field.consent',
};

const fieldSelects = new Map<FieldKey, HTMLSelectElement>();
let headers: string[] = [];
let headerRowSetting: number | null = null;

function currentFields(): Partial<Record<FieldKey, string>> {
  const fields: Partial<Record<FieldKey, string>> = {};
  for (const [key, select] of fieldSelects) if (select.value) fields[key] = select.value;
  return fields;
}

function checkedAttributes(): string[] {
  return Array.from(attributeList.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'))
    .filter((box) => box.checked)
    .map((box) => box.value);
}

/** Columns not used by a contact field can be sent as attributes. */
function renderAttributes(checked: string[]): void {
  const used = new Set(Object.values(currentFields()));
  const boxes = headers
    .filter((header) => !used.has(header))
    .map((header) => {
      const id = `attribute-${headers.indexOf(header)}`;
      return el(
        'div',
        { class: 'bp-check' },
        el('input', { type: 'checkbox', id, value: header, checked: checked.includes(header) }),
        el('label', { for: id, title: header }, header),
      );
    });
  replaceChildren(
    attributeList,
    ...(boxes.length ? boxes : [el('p', { class: 'bp-hint' }, t('sidebar.columns.allUsed'))]),
  );
}

function renderSummary(mapping: ColumnMapping, problemCount: number): void {
  const phone = mapping.fields.phone;
  summary.textContent = problemCount
    ? t('sidebar.columns.needsAttention')
    : phone
      ? t('sidebar.columns.phoneIs', { column: phone })
      : t('sidebar.columns.noPhone');
  summary.dataset.tone = problemCount || !phone ? 'error' : 'ok';
}

export function setHeaderRowSetting(value: number | null): void {
  headerRowSetting = value;
  headerRowInput.value = value === null ? '' : String(value);
}

export function renderColumns(view: ColumnsView): void {
  headers = view.headers.filter((header) => header.trim() !== '');
  context.textContent = t(view.saved ? 'sidebar.columns.contextSaved' : 'sidebar.columns.contextDetected', {
    sheet: view.sheetName,
    row: view.headerRow,
  });
  replaceChildren(problems, ...view.problems.map((problem) => el('li', {}, problem)));
  show(problems, view.problems.length > 0);
  const explanations = view.explanations ?? [];
  replaceChildren(why, ...explanations.map((line) => el('li', {}, line)));
  show(why, explanations.length > 0);

  fieldSelects.clear();
  const rows = FIELD_KEYS.map((key) => {
    const id = `field-${key}`;
    const select = el(
      'select',
      { id, class: 'bp-input' },
      el('option', { value: '' }, t('sidebar.columns.none')),
      ...headers.map((header) => el('option', { value: header }, header)),
    );
    select.value = view.effective.fields[key] ?? '';
    select.addEventListener('change', () => renderAttributes(checkedAttributes()));
    fieldSelects.set(key, select);
    return el('div', { class: 'bp-mapping-row' }, el('label', { for: id }, t(FIELD_LABEL_KEYS[key])), select);
  });
  replaceChildren(fieldMapping, ...rows);
  renderAttributes(view.effective.attributes);
  renderSummary(view.effective, view.problems.length);
  // Nothing can be imported without a phone column: show the user where to choose one.
  if (!view.effective.fields.phone && headers.length > 0) section.open = true;
}

function headerRowFromInput(): number | null | 'invalid' {
  const text = headerRowInput.value.trim();
  if (!text) return null;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : 'invalid';
}

async function reload(): Promise<void> {
  const view = await server.getColumns();
  renderColumns(view);
}

export function initColumns(onMappingSaved: () => void): void {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearAlert();
    const headerRow = headerRowFromInput();
    if (headerRow === 'invalid') {
      showResult(result, t('sidebar.columns.headerRowInvalid'), 'error');
      headerRowInput.focus();
      return;
    }
    const mapping: ColumnMapping = { fields: currentFields(), attributes: checkedAttributes() };
    const headerRowChanged = headerRow !== headerRowSetting;
    const done = await busy(
      columnsButtons,
      async () => {
        // A new header row means new headers: save only the row, then show what it detects.
        const view = await server.saveSettings(headerRowChanged ? { headerRow } : { mapping });
        setHeaderRowSetting(view.headerRow);
        await reload();
        return true;
      },
      result,
    );
    if (!done) return;
    showResult(
      result,
      headerRowChanged ? t('sidebar.columns.headerRowSaved') : t('sidebar.columns.saved'),
      headerRowChanged ? 'info' : 'ok',
    );
    onMappingSaved();
  });

  resetButton.addEventListener('click', async () => {
    clearAlert();
    const done = await busy(
      columnsButtons,
      async () => {
        await server.saveSettings({ mapping: null });
        await reload();
        return true;
      },
      result,
    );
    if (!done) return;
    showResult(result, t('sidebar.columns.usingDetected'), 'ok');
    onMappingSaved();
  });
}
