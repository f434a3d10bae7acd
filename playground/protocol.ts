/** Shapes shared by the playground's engine (main thread), its page server (worker) and the page. */

/** What the page draws: the active sheet as Sheets would display it. */
export interface GridSnapshot {
  /** Increases with every snapshot, so the page redraws only on change. */
  version: number;
  sheetName: string;
  /** Every tab of the spreadsheet, in order (the log and export tabs the add-on creates too). */
  sheets: string[];
  /** Rows and columns to draw (content plus some empty space, like Sheets). */
  rowCount: number;
  columnCount: number;
  frozenRows: number;
  /** Display text per cell, rows × columns, '' for empty. */
  cells: string[][];
  /** Background per cell where it is not white (direct or from a conditional-format rule). */
  styles: { row: number; column: number; background: string | null; color: string | null }[];
  /** Numbers and dates align right, as in Sheets: [row, column] pairs (1-based). */
  numeric: [number, number][];
  selection: string[];
  /** Pixel width per column (index 0 = column A), as setColumnWidth left them. */
  columnWidths: number[];
}

interface MenuItemView {
  caption: string;
  functionName: string;
}

export interface MenuView {
  title: string;
  /** null stands for a separator. */
  items: (MenuItemView | null)[];
}

export interface HtmlDialogView {
  title: string;
  html: string;
  width: number | null;
  height: number | null;
}

export interface NoticeView {
  kind: 'alert' | 'toast';
  title: string;
  message: string;
}

export interface SessionView {
  menus: MenuView[];
  sidebarUrl: string;
  sidebarTitle: string;
  /** The brand's add-on and service names (brands/<id>.json), for the page's own labels. */
  addOnName: string;
  serviceName: string;
  /** 'mock' or the real API host the imports go to. */
  target: 'mock' | 'real';
  sourceName: string;
  /** Shown on the page in mock mode (not a secret: only the local mock accepts it). */
  demoToken: string | null;
  /** `--partner`: the mock plays a partner; its demo partner key, shown on the page like the token. */
  demoPartnerKey: string | null;
}

export interface RunResult {
  ok: boolean;
  /** The fault panel's state after a faults request. */
  faults?: MockFaults;
  /** Alerts and toasts the execution produced, in order. */
  notices: NoticeView[];
  openSidebar: boolean;
  /** The last modal or modeless HtmlService dialog the execution showed (e.g. Help). */
  dialog?: HtmlDialogView;
  error?: string;
}

export interface ContactView {
  name: string;
  phone: string;
  email: string;
  tags: string[];
  importCount: number;
  /** Partner mode: the customer whose account holds it ('' for the demo token's own account). */
  customer: string;
}

/** What the fault panel makes the mock do (each visible in the add-on's statuses). */
export interface MockFaults {
  /** Extra seconds the mock takes per request. */
  slowSeconds: number;
  /** up; refused (connections refused); hanging (requests never answered, so they time out). */
  down: 'up' | 'refused' | 'hanging';
  /** Numbers the mock refuses with 400 (any spelling; digits are compared). */
  refuseNumbers: string[];
  /** 429 to every request, with Retry-After. */
  rateLimit: boolean;
  retryAfterSeconds: number;
  /** An HTML error page (503) instead of JSON. */
  html: boolean;
  /** No token is accepted (401). */
  rejectToken: boolean;
}

export const NO_FAULTS: MockFaults = {
  slowSeconds: 0,
  down: 'up',
  refuseNumbers: [],
  rateLimit: false,
  retryAfterSeconds: 5,
  html: false,
  rejectToken: false,
};

/** Page server → engine. */
export type EngineRequest =
  | { id: number; kind: 'faults'; faults: MockFaults }
  /** Typed or pasted cells: `values` from row `top`, column `left` (1-based) of the active tab. */
  | { id: number; kind: 'edit'; top: number; left: number; values: string[][] }
  | { id: number; kind: 'select'; ranges: string[] }
  /** File → Import: a file's rows (decoded and split by the page) into a new tab named after it. */
  | { id: number; kind: 'import'; name: string; values: string[][] }
  | { id: number; kind: 'run'; functionName: string }
  | { id: number; kind: 'activate'; sheetName: string }
  /** A Google Form response arriving in the contacts tab (the form-submit trigger runs, if any). */
  | { id: number; kind: 'form-submit' };

/** Engine → page server. */
export type EngineMessage =
  | { kind: 'grid'; grid: GridSnapshot }
  | { kind: 'reply'; id: number; result: RunResult };

export interface PageServerConfig {
  port: number;
  session: SessionView;
  /** The mock's address (null against the real API). */
  mockUrl: string | null;
  pageHtml: string;
  pageScript: string;
  pageStyles: string;
}

/** Page server → engine, wrapping requests. */
export type PageServerMessage =
  | { kind: 'listening'; port: number }
  /** The page's port could not be opened (EADDRINUSE: taken by another program). */
  | { kind: 'listen-failed'; port: number; code: string }
  | { kind: 'request'; request: EngineRequest };
