/**
 * The playground page: a Sheets-like grid of the emulated spreadsheet, the add-on's menu as
 * onOpen built it, and the real sidebar in an iframe. Everything the add-on does runs on the
 * server; this page only draws snapshots and sends selections and menu clicks.
 * Cell text is always set with textContent: sheet data never becomes HTML.
 */
import { decodeFile, parseDelimited } from '../../tools/fixtures/exports/csv';
import type {
  ContactView,
  GridSnapshot,
  HtmlDialogView,
  MenuView,
  MockFaults,
  NoticeView,
  RunResult,
  SessionView,
} from '../protocol';

const GRID_POLL_MS = 300;
const CONTACTS_POLL_MS = 1000;
const TOAST_MS = 10_000;

interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the page`);
  return element as T;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function parseCell(a1: string): { row: number; column: number } | null {
  const match = /^([A-Z]+)(\d+)$/.exec(a1);
  if (!match) return null;
  let column = 0;
  for (const letter of match[1]) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]), column };
}

function parseRange(a1: string): CellRange | null {
  const [from, to = from] = a1.split(':');
  const start = parseCell(from);
  const end = parseCell(to);
  if (!start || !end) return null;
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.column, end.column),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.column, end.column),
  };
}

function rangeA1(range: CellRange): string {
  const from = `${columnLetter(range.left)}${range.top}`;
  const to = `${columnLetter(range.right)}${range.bottom}`;
  return from === to ? from : `${from}:${to}`;
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

// ---------------------------------------------------------------------------------------------
// Grid

const table = byId<HTMLTableElement>('grid');
const nameBox = byId('name-box');
const formula = byId('formula');
let grid: GridSnapshot | null = null;
let cellElements: HTMLTableCellElement[][] = [];
let rowHeaders: HTMLTableCellElement[] = [];
let columnHeaders: HTMLTableCellElement[] = [];
let ranges: CellRange[] = [{ top: 1, left: 1, bottom: 1, right: 1 }];
let anchor = { row: 1, column: 1 };
let dragging = false;

function buildTable(rowCount: number, columnCount: number, frozenRows: number): void {
  table.replaceChildren();
  const head = element('thead');
  const headRow = element('tr');
  headRow.append(element('th', 'corner'));
  columnHeaders = [];
  for (let c = 1; c <= columnCount; c++) {
    const th = element('th', 'column-header', columnLetter(c));
    th.dataset.column = String(c);
    columnHeaders.push(th);
    headRow.append(th);
  }
  head.append(headRow);
  const body = element('tbody');
  cellElements = [];
  rowHeaders = [];
  for (let r = 1; r <= rowCount; r++) {
    const tr = element('tr');
    if (r <= frozenRows) tr.className = 'frozen';
    const th = element('th', 'row-header', String(r));
    th.dataset.row = String(r);
    rowHeaders.push(th);
    tr.append(th);
    const rowCells: HTMLTableCellElement[] = [];
    for (let c = 1; c <= columnCount; c++) {
      const td = element('td');
      td.dataset.row = String(r);
      td.dataset.column = String(c);
      rowCells.push(td);
      tr.append(td);
    }
    cellElements.push(rowCells);
    body.append(tr);
  }
  table.append(head, body);
}

function drawGrid(next: GridSnapshot): void {
  const reshaped =
    !grid ||
    grid.rowCount !== next.rowCount ||
    grid.columnCount !== next.columnCount ||
    grid.frozenRows !== next.frozenRows;
  if (reshaped) buildTable(next.rowCount, next.columnCount, next.frozenRows);
  next.columnWidths.forEach((width, i) => {
    const th = columnHeaders[i];
    if (!th) return;
    // The cell padding is inside the width Sheets reports.
    const inner = `${Math.max(width - 9, 10)}px`;
    if (th.style.width !== inner) th.style.width = th.style.minWidth = th.style.maxWidth = inner;
  });
  const numeric = new Set(next.numeric.map(([r, c]) => `${r}:${c}`));
  const styled = new Map(next.styles.map((s) => [`${s.row}:${s.column}`, s]));
  for (let r = 1; r <= next.rowCount; r++) {
    for (let c = 1; c <= next.columnCount; c++) {
      const td = cellElements[r - 1][c - 1];
      const text = next.cells[r - 1]?.[c - 1] ?? '';
      if (td.textContent !== text) td.textContent = text;
      td.classList.toggle('number', numeric.has(`${r}:${c}`));
      td.classList.toggle('error', text.startsWith('#') && text.endsWith('!'));
      const style = styled.get(`${r}:${c}`);
      td.style.backgroundColor = style?.background ?? '';
      td.style.color = style?.color ?? '';
    }
  }
  byId('doc-name').textContent = session?.sourceName ?? next.sheetName;
  drawTabs(next);
  const switchedTab = grid !== null && grid.sheetName !== next.sheetName;
  grid = next;
  followServerSelection(next, switchedTab);
  drawSelection();
}

/**
 * The selection the add-on last saw (tab switch, "Select Invalid rows", a sort): the page shows
 * it. Selections this page sent come back in later snapshots while the engine catches up; those
 * echoes are not changes and must not undo the clicks made since.
 */
let serverSelection = '';
let sentSelections: string[] = [];
function followServerSelection(next: GridSnapshot, switchedTab: boolean): void {
  const theirs = next.selection.join(',');
  if (next.selection.length === 0 || (theirs === serverSelection && !switchedTab)) return;
  serverSelection = theirs;
  if (!switchedTab && sentSelections.includes(theirs)) {
    // Our own selection: once the latest one is in, older ones cannot come back.
    if (theirs === sentSelections[sentSelections.length - 1]) sentSelections = [];
    return;
  }
  if (dragging) return;
  const restored = next.selection.map(parseRange).filter((r): r is CellRange => r !== null);
  if (restored.length === 0 || restored.map(rangeA1).join(',') === ranges.map(rangeA1).join(',')) return;
  ranges = restored;
  const last = restored[restored.length - 1];
  anchor = { row: last.top, column: last.left };
}

function drawSelection(): void {
  if (!grid) return;
  const inAny = (r: number, c: number) =>
    ranges.some((range) => r >= range.top && r <= range.bottom && c >= range.left && c <= range.right);
  const activeRows = new Set<number>();
  const activeColumns = new Set<number>();
  for (let r = 1; r <= grid.rowCount; r++) {
    for (let c = 1; c <= grid.columnCount; c++) {
      const selected = inAny(r, c);
      const td = cellElements[r - 1][c - 1];
      td.classList.toggle('selected', selected && !(ranges.length === 1 && isSingleCell(ranges[0])));
      td.classList.toggle('active', r === anchor.row && c === anchor.column);
      if (selected) {
        activeRows.add(r);
        activeColumns.add(c);
      }
    }
  }
  rowHeaders.forEach((th, i) => {
    th.classList.toggle('highlight', activeRows.has(i + 1));
  });
  columnHeaders.forEach((th, i) => {
    th.classList.toggle('highlight', activeColumns.has(i + 1));
  });
  nameBox.textContent = ranges.map(rangeA1).join(', ');
  formula.textContent = grid.cells[anchor.row - 1]?.[anchor.column - 1] ?? '';
}

function isSingleCell(range: CellRange): boolean {
  return range.top === range.bottom && range.left === range.right;
}

function rectangle(a: { row: number; column: number }, b: { row: number; column: number }): CellRange {
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.column, b.column),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.column, b.column),
  };
}

let selectionSent: Promise<unknown> = Promise.resolve();
function sendSelection(): void {
  const a1 = ranges.map(rangeA1);
  sentSelections = [...sentSelections.slice(-20), a1.join(',')];
  selectionSent = postJson<RunResult>('/api/select', { ranges: a1 }).catch(() => undefined);
}

/** Click, shift-click (extend), ctrl/cmd-click (add a range) on cells and row headers. */
function pointerTarget(event: MouseEvent): { row: number; column: number; wholeRow: boolean } | null {
  const target = (event.target as HTMLElement).closest<HTMLElement>('td, th.row-header');
  if (!target || !grid) return null;
  const row = Number(target.dataset.row);
  if (target.tagName === 'TH') return { row, column: 1, wholeRow: true };
  return { row, column: Number(target.dataset.column), wholeRow: false };
}

function select(event: MouseEvent, extendOnly: boolean): void {
  const hit = pointerTarget(event);
  if (!hit || !grid) return;
  const lastColumn = grid.columnCount;
  const point = { row: hit.row, column: hit.column };
  const extend = extendOnly || event.shiftKey;
  const add = !extendOnly && (event.ctrlKey || event.metaKey);
  let next = rectangle(point, point);
  if (extend) next = rectangle(anchor, point);
  if (hit.wholeRow) next = { top: next.top, bottom: next.bottom, left: 1, right: lastColumn };
  if (extend) ranges = [...ranges.slice(0, -1), next];
  else if (add) ranges = [...ranges, next];
  else ranges = [next];
  if (!extend) anchor = point;
  drawSelection();
}

table.addEventListener('mousedown', (event) => {
  if (event.button !== 0) return;
  event.preventDefault();
  if (editor) commitEditor();
  gridWrap.focus({ preventScroll: true });
  select(event, false);
  dragging = true;
});
table.addEventListener('dblclick', (event) => {
  const hit = pointerTarget(event);
  if (!hit || hit.wholeRow) return;
  openEditor(grid?.cells[hit.row - 1]?.[hit.column - 1] ?? '');
});
table.addEventListener('mouseover', (event) => {
  if (dragging && event.buttons === 1) select(event, true);
});
window.addEventListener('mouseup', () => {
  if (!dragging) return;
  dragging = false;
  sendSelection();
});

// ---------------------------------------------------------------------------------------------
// Typing and pasting into the grid

const gridWrap = byId('grid-wrap');
let editor: HTMLInputElement | null = null;

async function writeCells(top: number, left: number, values: string[][]): Promise<void> {
  const result = await postJson<RunResult>('/api/edit', { top, left, values });
  if (!result.ok) showNotice({ kind: 'alert', title: 'Playground', message: result.error ?? 'Not written' });
}

/** A cell editor over the active cell, starting with `text` (the cell's, or the key typed). */
function openEditor(text: string): void {
  if (!grid || editor) return;
  const td = cellElements[anchor.row - 1]?.[anchor.column - 1];
  if (!td) return;
  const input = element('input', 'cell-editor');
  input.id = 'cell-editor';
  input.setAttribute('aria-label', `Edit ${columnLetter(anchor.column)}${anchor.row}`);
  input.value = text;
  input.style.left = `${td.offsetLeft}px`;
  input.style.top = `${td.offsetTop}px`;
  input.style.width = `${Math.max(td.offsetWidth, 120)}px`;
  input.style.height = `${td.offsetHeight}px`;
  const at = { ...anchor };
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      commitEditor();
      moveAnchor(event.key === 'Enter' ? 1 : 0, event.key === 'Tab' ? 1 : 0);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeEditor();
    }
  });
  input.addEventListener('blur', () => commitEditor());
  input.dataset.row = String(at.row);
  input.dataset.column = String(at.column);
  gridWrap.append(input);
  editor = input;
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);
}

function closeEditor(): void {
  const input = editor;
  editor = null;
  input?.remove();
  gridWrap.focus({ preventScroll: true });
}

function commitEditor(): void {
  const input = editor;
  if (!input) return;
  const row = Number(input.dataset.row);
  const column = Number(input.dataset.column);
  const before = grid?.cells[row - 1]?.[column - 1] ?? '';
  const text = input.value;
  closeEditor();
  if (text !== before) void writeCells(row, column, [[text]]);
}

function moveAnchor(down: number, right: number): void {
  if (!grid) return;
  anchor = {
    row: Math.min(Math.max(anchor.row + down, 1), grid.rowCount),
    column: Math.min(Math.max(anchor.column + right, 1), grid.columnCount),
  };
  ranges = [rectangle(anchor, anchor)];
  drawSelection();
  sendSelection();
}

const ARROWS: Record<string, [number, number]> = {
  ArrowDown: [1, 0],
  ArrowUp: [-1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

gridWrap.addEventListener('keydown', (event) => {
  if (editor || event.target !== gridWrap || !grid) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key in ARROWS) {
    event.preventDefault();
    moveAnchor(...ARROWS[event.key]);
  } else if (event.key === 'Enter' || event.key === 'F2') {
    event.preventDefault();
    openEditor(grid.cells[anchor.row - 1]?.[anchor.column - 1] ?? '');
  } else if (event.key === 'Delete' || event.key === 'Backspace') {
    event.preventDefault();
    const range = ranges[ranges.length - 1];
    const rows = range.bottom - range.top + 1;
    const columns = range.right - range.left + 1;
    if (rows * columns <= 50_000)
      void writeCells(
        range.top,
        range.left,
        Array.from({ length: rows }, () => Array(columns).fill('')),
      );
  } else if (event.key.length === 1) {
    event.preventDefault();
    openEditor(event.key);
  }
});

/** Tab-separated text as Sheets copies it: rows by line, cells by tab, "quoted" cells may hold both. */
function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === '\t') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

gridWrap.addEventListener('paste', (event) => {
  if (editor) return;
  const text = event.clipboardData?.getData('text/plain') ?? '';
  const values = parseTsv(text);
  if (values.length === 0) return;
  event.preventDefault();
  const range = ranges[ranges.length - 1];
  const width = Math.max(...values.map((r) => r.length));
  void writeCells(range.top, range.left, values).then(() => {
    // The pasted block is selected afterwards, as in Sheets.
    ranges = [
      {
        top: range.top,
        left: range.left,
        bottom: range.top + values.length - 1,
        right: range.left + width - 1,
      },
    ];
    anchor = { row: range.top, column: range.left };
    drawSelection();
    sendSelection();
  });
});

async function pollGrid(): Promise<void> {
  try {
    const next = await getJson<GridSnapshot | null>('/api/grid');
    if (next && next.version !== grid?.version) drawGrid(next);
  } catch {
    // The server may be restarting; the next poll tries again.
  }
  setTimeout(pollGrid, GRID_POLL_MS);
}

// ---------------------------------------------------------------------------------------------
// Menu, alerts, toasts, sidebar

let session: SessionView | null = null;
const extensionsButton = byId<HTMLButtonElement>('extensions-button');
const extensionsMenu = byId('extensions-menu');

function closeMenus(): void {
  extensionsMenu.hidden = true;
  extensionsButton.setAttribute('aria-expanded', 'false');
}

function buildMenus(menus: MenuView[]): void {
  extensionsMenu.replaceChildren();
  for (const menu of menus) {
    const holder = element('div', 'submenu-holder');
    const opener = element('button', 'menu-item has-submenu', menu.title);
    opener.type = 'button';
    opener.setAttribute('role', 'menuitem');
    opener.setAttribute('aria-haspopup', 'menu');
    const submenu = element('div', 'menu submenu');
    submenu.setAttribute('role', 'menu');
    submenu.setAttribute('aria-label', menu.title);
    for (const item of menu.items) {
      if (!item) {
        submenu.append(element('div', 'separator'));
        continue;
      }
      const button = element('button', 'menu-item', item.caption);
      button.type = 'button';
      button.setAttribute('role', 'menuitem');
      button.addEventListener('click', () => {
        closeMenus();
        void runMenuItem(item.caption, item.functionName);
      });
      submenu.append(button);
    }
    opener.addEventListener('click', () => holder.classList.add('open'));
    holder.addEventListener('mouseenter', () => holder.classList.add('open'));
    holder.addEventListener('mouseleave', () => holder.classList.remove('open'));
    holder.append(opener, submenu);
    extensionsMenu.append(holder);
  }
}

extensionsButton.addEventListener('click', (event) => {
  event.stopPropagation();
  const open = extensionsMenu.hidden;
  extensionsMenu.hidden = !open;
  extensionsButton.setAttribute('aria-expanded', String(open));
});
document.addEventListener('click', (event) => {
  if (!extensionsMenu.contains(event.target as Node)) closeMenus();
});

const running = byId('running');

/** One tab per sheet, the active one marked; clicking a tab makes it the active sheet. */
function drawTabs(next: GridSnapshot): void {
  const nav = byId('sheet-tabs');
  const names = Array.from(nav.children, (tab) => tab.textContent);
  if (names.join('\n') !== next.sheets.join('\n')) {
    nav.replaceChildren(
      ...next.sheets.map((name) => {
        const tab = element('button', 'tab', name);
        tab.setAttribute('type', 'button');
        tab.addEventListener('click', () => void postJson<RunResult>('/api/activate', { sheetName: name }));
        return tab;
      }),
    );
  }
  for (const tab of Array.from(nav.children)) {
    const active = tab.textContent === next.sheetName;
    tab.classList.toggle('active', active);
    if (active) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
}

/**
 * File → Import, or a file dropped on the page: decoded (UTF-8 with or without BOM, UTF-16 with
 * BOM) and split (`,` `;` or tab, detected) here, then typed into a new tab as Sheets' import does.
 */
async function importFile(file: File): Promise<void> {
  const rows = parseDelimited(decodeFile(new Uint8Array(await file.arrayBuffer())));
  if (rows.length === 0) {
    showNotice({ kind: 'alert', title: 'File → Import', message: `${file.name} is empty.` });
    return;
  }
  const result = await postJson<RunResult>('/api/import', { name: file.name, values: rows });
  for (const notice of result.notices) showNotice(notice);
  if (result.error) showNotice({ kind: 'alert', title: 'File → Import', message: result.error });
}

const fileInput = byId<HTMLInputElement>('file-input');
byId('file-import').addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  fileInput.value = '';
  if (file) void importFile(file);
});
document.addEventListener('dragover', (event) => {
  if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
});
document.addEventListener('drop', (event) => {
  const file = event.dataTransfer?.files[0];
  if (!file) return;
  event.preventDefault();
  void importFile(file);
});

byId('form-submit').addEventListener('click', async () => {
  const result = await postJson<RunResult>('/api/form-submit', {});
  for (const notice of result.notices) showNotice(notice);
});

async function runMenuItem(caption: string, functionName: string): Promise<void> {
  await selectionSent;
  running.textContent = `Running ${caption}…`;
  running.hidden = false;
  try {
    const result = await postJson<RunResult>('/api/run', { functionName });
    for (const notice of result.notices) showNotice(notice);
    if (result.error) showNotice({ kind: 'alert', title: 'Script error', message: result.error });
    if (result.openSidebar) openSidebar();
    if (result.dialog) showHtmlDialog(result.dialog);
  } catch (error) {
    showNotice({ kind: 'alert', title: 'Playground', message: String(error) });
  } finally {
    running.hidden = true;
  }
}

const alertQueue: NoticeView[] = [];
const alertDialog = byId<HTMLDialogElement>('alert-dialog');

function showNotice(notice: NoticeView): void {
  if (notice.kind === 'toast') {
    const toast = element('div', 'toast');
    toast.setAttribute('role', 'status');
    toast.append(element('strong', '', notice.title), element('span', '', notice.message));
    byId('toasts').append(toast);
    setTimeout(() => toast.remove(), TOAST_MS);
    return;
  }
  alertQueue.push(notice);
  if (!alertDialog.open) showNextAlert();
}

function showNextAlert(): void {
  const next = alertQueue.shift();
  if (!next) return;
  byId('alert-title').textContent = next.title;
  byId('alert-message').textContent = next.message;
  alertDialog.showModal();
}
alertDialog.addEventListener('close', showNextAlert);

// HtmlService dialogs (Help): the add-on's HTML in a sandboxed frame, as Sheets shows it in an
// iframe of its own; google.script.host.close() is the one call such a dialog makes.
const htmlDialog = byId<HTMLDialogElement>('html-dialog');
const htmlDialogFrame = byId<HTMLIFrameElement>('html-dialog-frame');
const HOST_SHIM =
  "<script>var google={script:{host:{close:function(){parent.postMessage('close-dialog','*')}}}};</script>";

function showHtmlDialog(dialog: HtmlDialogView): void {
  byId('html-dialog-title').textContent = dialog.title;
  htmlDialogFrame.style.width = `${dialog.width ?? 600}px`;
  htmlDialogFrame.style.height = `${dialog.height ?? 400}px`;
  htmlDialogFrame.srcdoc = HOST_SHIM + dialog.html;
  htmlDialog.showModal();
}
window.addEventListener('message', (event) => {
  if (event.source === htmlDialogFrame.contentWindow && event.data === 'close-dialog') htmlDialog.close();
});
byId('html-dialog-close').addEventListener('click', () => htmlDialog.close());

const sidebar = byId('sidebar');
const sidebarFrame = byId<HTMLIFrameElement>('sidebar-frame');

function openSidebar(): void {
  if (!session) return;
  // Sheets builds a fresh sidebar each time it is opened.
  sidebarFrame.src = session.sidebarUrl;
  sidebar.hidden = false;
}
byId('sidebar-close').addEventListener('click', () => {
  sidebar.hidden = true;
  sidebarFrame.src = 'about:blank';
});

// ---------------------------------------------------------------------------------------------
// Where imports go, and what the mock received

function drawTarget(view: SessionView): void {
  const target = byId('target');
  target.replaceChildren();
  if (view.target === 'real') {
    target.append(
      element('span', 'badge real', `Real ${view.serviceName} API`),
      element('span', 'hint', 'use your own token'),
    );
    return;
  }
  target.append(element('span', 'badge', 'Embedded mock API'), element('span', 'hint', 'demo token'));
  const token = element('code', 'token', view.demoToken ?? '');
  token.id = 'demo-token';
  const copy = element('button', 'small', 'Copy');
  copy.type = 'button';
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(view.demoToken ?? '').then(() => {
      copy.textContent = 'Copied';
    });
  });
  target.append(token, copy);
  if (view.demoPartnerKey) {
    // --partner: the agency's key, for the sidebar's Partner key field.
    const key = element('code', 'token', view.demoPartnerKey);
    key.id = 'demo-partner-key';
    const copyKey = element('button', 'small', 'Copy');
    copyKey.type = 'button';
    copyKey.addEventListener('click', () => {
      void navigator.clipboard?.writeText(view.demoPartnerKey ?? '').then(() => {
        copyKey.textContent = 'Copied';
      });
    });
    target.append(element('span', 'hint', 'demo partner key'), key, copyKey);
  }
}

const mockToggle = byId<HTMLButtonElement>('mock-toggle');
mockToggle.addEventListener('click', () => {
  const body = byId('mock-body');
  body.hidden = !body.hidden;
  mockToggle.setAttribute('aria-expanded', String(!body.hidden));
});

let contactsShown = -1;
async function pollContacts(): Promise<void> {
  try {
    const contacts = await getJson<ContactView[] | null>('/api/contacts');
    if (contacts === null) {
      byId('mock-summary').textContent =
        `Imports go to the real ${session?.serviceName} API: see your contacts in ${session?.serviceName}.`;
      byId('mock-body').hidden = true;
      return;
    }
    const fingerprint = contacts.reduce((sum, c) => sum + c.importCount, contacts.length * 100_000);
    if (fingerprint !== contactsShown) {
      contactsShown = fingerprint;
      drawContacts(contacts);
    }
  } catch {
    // Try again on the next tick.
  }
  setTimeout(pollContacts, CONTACTS_POLL_MS);
}

function drawContacts(contacts: ContactView[]): void {
  byId('mock-summary').textContent =
    contacts.length === 0
      ? `Mock ${session?.serviceName}: no contacts received yet`
      : `Mock ${session?.serviceName}: ${contacts.length} contact${contacts.length === 1 ? '' : 's'} received`;
  // Partner mode: which customer's account each contact landed in.
  const partner = contacts.some((c) => c.customer);
  byId('mock-account-head').hidden = !partner;
  const rows = contacts.map((contact, index) => {
    const tr = element('tr');
    for (const text of [
      String(index + 1),
      ...(partner ? [contact.customer || 'Own account'] : []),
      contact.name,
      contact.phone,
      contact.email,
      contact.tags.join(', '),
      String(contact.importCount),
    ])
      tr.append(element('td', '', text));
    return tr;
  });
  byId('mock-rows').replaceChildren(...rows);
}

// ---------------------------------------------------------------------------------------------
// The fault panel: what the mock does to the add-on's requests

const faultPanel = byId<HTMLFormElement>('fault-panel');
const checkbox = (id: string) => byId<HTMLInputElement>(id);

function faultsFromPanel(): MockFaults {
  const down = faultPanel.querySelector<HTMLInputElement>('input[name="fault-down"]:checked')?.value;
  const seconds = (id: string) => Math.min(300, Math.max(0, Number(checkbox(id).value) || 0));
  return {
    slowSeconds: checkbox('fault-slow').checked ? seconds('fault-slow-seconds') : 0,
    down: down === 'refused' || down === 'hanging' ? down : 'up',
    refuseNumbers: checkbox('fault-refuse').checked
      ? checkbox('fault-refuse-numbers')
          .value.split(/[,;\n]/)
          .map((n) => n.trim())
          .filter(Boolean)
      : [],
    rateLimit: checkbox('fault-rate-limit').checked,
    retryAfterSeconds: seconds('fault-retry-after'),
    html: checkbox('fault-html').checked,
    rejectToken: checkbox('fault-token').checked,
  };
}

function describeFaults(f: MockFaults): string {
  const parts: string[] = [];
  if (f.down === 'refused') parts.push('refuses every connection');
  if (f.down === 'hanging') parts.push('never answers (requests time out)');
  if (f.slowSeconds > 0) parts.push(`takes ${f.slowSeconds} s more per request`);
  if (f.refuseNumbers.length)
    parts.push(`refuses ${f.refuseNumbers.length} number${f.refuseNumbers.length === 1 ? '' : 's'} (400)`);
  if (f.rateLimit) parts.push(`rate-limits every request (429, Retry-After ${f.retryAfterSeconds} s)`);
  if (f.html) parts.push('answers with an HTML error page (503)');
  if (f.rejectToken) parts.push('rejects the token (401)');
  return parts.length ? `The mock ${parts.join('; ')}.` : 'The mock answers normally.';
}

function showFaults(f: MockFaults): void {
  const state = byId('fault-state');
  state.textContent = describeFaults(f);
  state.dataset.faulty = String(state.textContent !== 'The mock answers normally.');
}

async function applyFaults(): Promise<void> {
  const faults = faultsFromPanel();
  try {
    const result = await postJson<RunResult>('/api/faults', faults);
    if (result.ok) showFaults(result.faults ?? faults);
    else byId('fault-state').textContent = result.error ?? 'The mock did not take the change.';
  } catch (error) {
    byId('fault-state').textContent = String(error);
  }
}

faultPanel.addEventListener('change', () => void applyFaults());
faultPanel.addEventListener('submit', (event) => {
  event.preventDefault();
  void applyFaults();
});

function fillFaultPanel(f: MockFaults): void {
  checkbox('fault-slow').checked = f.slowSeconds > 0;
  if (f.slowSeconds > 0) checkbox('fault-slow-seconds').value = String(f.slowSeconds);
  for (const radio of Array.from(faultPanel.querySelectorAll<HTMLInputElement>('input[name="fault-down"]')))
    radio.checked = radio.value === f.down;
  checkbox('fault-refuse').checked = f.refuseNumbers.length > 0;
  if (f.refuseNumbers.length) checkbox('fault-refuse-numbers').value = f.refuseNumbers.join(', ');
  checkbox('fault-rate-limit').checked = f.rateLimit;
  checkbox('fault-retry-after').value = String(f.retryAfterSeconds);
  checkbox('fault-html').checked = f.html;
  checkbox('fault-token').checked = f.rejectToken;
  showFaults(f);
}

// ---------------------------------------------------------------------------------------------

async function start(): Promise<void> {
  session = await getJson<SessionView>('/api/session');
  buildMenus(session.menus);
  byId('sidebar-title').textContent = session.sidebarTitle;
  byId('sidebar-frame').title = `${session.sidebarTitle} sidebar`;
  document.title = `${session.addOnName} — local playground`;
  drawTarget(session);
  if (session.target === 'mock') fillFaultPanel(await getJson<MockFaults>('/api/faults'));
  else faultPanel.hidden = true;
  const first = await getJson<GridSnapshot | null>('/api/grid');
  if (first) {
    const restored = first.selection.map(parseRange).filter((r): r is CellRange => r !== null);
    if (restored.length > 0) {
      ranges = restored;
      anchor = { row: restored[0].top, column: restored[0].left };
    }
    serverSelection = first.selection.join(',');
    drawGrid(first);
  }
  void pollGrid();
  void pollContacts();
}

void start();
