/**
 * Partner mode in the sidebar: the partner key (write-only, like the token) with its connection
 * test, and the Customer card: the sheet's destination, and a searchable picker of the partner's
 * customers (name and email, paged as BotPenguin pages them). The picker is an ARIA combobox: the
 * text field keeps the focus, arrow keys move through the options (aria-activedescendant), Enter
 * chooses, Escape closes. Customer names are text, never HTML.
 */
import type { CustomerView, PartnerView, SettingsView } from '../shared/contracts';
import { t } from '../shared/i18n';
import { byId, el, replaceChildren, show } from './dom';
import { server } from './rpc';
import { busy, clearAlert, showResult } from './ui';

const connectionSection = byId('connection-section', HTMLDetailsElement);
const connectionSummary = byId('connection-summary', HTMLSpanElement);
const tokenForm = byId('token-form', HTMLFormElement);
const partnerForm = byId('partner-form', HTMLFormElement);
const keyInput = byId('partner-key-input', HTMLInputElement);
const keySave = byId('partner-key-save', HTMLButtonElement);
const keyState = byId('partner-key-state', HTMLParagraphElement);
const keyRemove = byId('partner-key-remove', HTMLButtonElement);
const modeBox = byId('partner-mode', HTMLInputElement);
const testButton = byId('partner-test', HTMLButtonElement);
const partnerResult = byId('partner-result', HTMLParagraphElement);

const card = byId('customer-section', HTMLElement);
const current = byId('customer-current', HTMLParagraphElement);
const search = byId('customer-search', HTMLInputElement);
const list = byId('customer-list', HTMLUListElement);
const hint = byId('customer-hint', HTMLParagraphElement);
const more = byId('customer-more', HTMLButtonElement);
const result = byId('customer-result', HTMLParagraphElement);

export const partnerButtons = [keySave, keyRemove, testButton, more];

/** Rows at or above which a partner-mode import asks before it sends. */
const LARGE_IMPORT_ROWS = 100;
const SEARCH_DELAY_MS = 300;

let partner: PartnerView | null = null;
let onSaved: (view: SettingsView) => void = () => {};
let onChosen: () => void = () => {};
let shown: CustomerView[] = [];
let active = -1;
let nextPage: number | null = null;
let query = '';
let searchTimer = 0;
/** Answers to an older search are dropped when a newer one was asked. */
let requestSerial = 0;

const nameOf = (c: CustomerView) => c.name || c.email;

export function renderPartner(view: SettingsView): void {
  partner = view.partner;
  const p = view.partner;
  keyState.textContent = p.keySet
    ? t('sidebar.partner.keySet', { last4: p.keyLast4 ?? '····' })
    : t('sidebar.partner.noKey');
  keyInput.placeholder = t(p.keySet ? 'sidebar.partner.pasteNew' : 'sidebar.partner.paste');
  show(keyRemove, p.keySet);
  modeBox.checked = p.on;
  modeBox.disabled = !p.keySet;
  // A white-label build for agencies puts the partner key first.
  if (p.brandDefault && partnerForm.nextElementSibling !== tokenForm) tokenForm.before(partnerForm);
  if (p.brandDefault && !p.keySet && !view.tokenSet) connectionSection.open = true;
  show(card, p.on);
  renderCurrent(p);
  if (p.on) {
    connectionSummary.textContent = t('sidebar.partner.summary', { last4: p.keyLast4 ?? '' });
    connectionSummary.dataset.tone = 'ok';
  }
}

function renderCurrent(p: PartnerView): void {
  if (!p.customer) {
    current.textContent = t('sidebar.customer.none');
    current.dataset.tone = 'error';
  } else if (p.customerGone) {
    current.textContent = t('sidebar.customer.gone', { customer: nameOf(p.customer) });
    current.dataset.tone = 'error';
  } else {
    current.textContent = p.customer.email
      ? t('sidebar.customer.current', { customer: nameOf(p.customer), email: p.customer.email })
      : t('sidebar.customer.currentNoEmail', { customer: nameOf(p.customer) });
    current.dataset.tone = 'ok';
  }
}

/**
 * True to start the run. In partner mode a large import names its destination and asks first;
 * outside it (or for a check that sends nothing) nothing is asked here.
 */
export function confirmDestination(mode: string, readyRows: number | null): boolean {
  if (!partner?.on || !partner.customer || mode === 'validate') return true;
  const large = mode === 'all' || mode === 'retry' || (readyRows !== null && readyRows >= LARGE_IMPORT_ROWS);
  if (!large) return true;
  const customer = nameOf(partner.customer);
  return window.confirm(
    readyRows !== null && mode === 'selected'
      ? t('sidebar.customer.confirmRows', { count: readyRows, customer, email: partner.customer.email })
      : t('sidebar.customer.confirmSheet', { customer, email: partner.customer.email }),
  );
}

// ---------------------------------------------------------------------------------------------
// The picker

function optionId(index: number): string {
  return `customer-option-${index}`;
}

function renderOptions(): void {
  replaceChildren(
    list,
    ...shown.map((c, i) =>
      el(
        'li',
        {
          id: optionId(i),
          role: 'option',
          class: 'bp-option',
          'aria-selected': i === active ? 'true' : 'false',
          'data-id': c.id,
        },
        el('span', { class: 'bp-option-name' }, nameOf(c)),
        c.email && c.name ? el('span', { class: 'bp-option-email' }, c.email) : null,
      ),
    ),
  );
  const open = shown.length > 0;
  show(list, open);
  search.setAttribute('aria-expanded', open ? 'true' : 'false');
  if (active >= 0) {
    search.setAttribute('aria-activedescendant', optionId(active));
    document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  } else search.removeAttribute('aria-activedescendant');
  show(more, nextPage !== null);
}

function closeList(): void {
  active = -1;
  show(list, false);
  search.setAttribute('aria-expanded', 'false');
  search.removeAttribute('aria-activedescendant');
}

/** Loads the first page for the search, or (append) the next page of the same search. */
async function load(append: boolean): Promise<void> {
  const serial = ++requestSerial;
  const page = append && nextPage !== null ? nextPage : 1;
  hint.textContent = t('sidebar.customer.loading');
  const answer = await busy([more], () => server.listCustomers({ page, search: query }), result);
  if (serial !== requestSerial || !answer) return;
  if (!answer.ok) {
    hint.textContent = '';
    showResult(result, answer.message, 'error');
    return;
  }
  shown = append ? [...shown, ...answer.customers] : answer.customers;
  nextPage = answer.nextPage;
  if (!append) active = shown.length ? 0 : -1;
  hint.textContent =
    shown.length === 0
      ? t(query ? 'sidebar.customer.noMatch' : 'sidebar.customer.empty')
      : t(nextPage === null ? 'sidebar.customer.countAll' : 'sidebar.customer.countMore', {
          count: shown.length,
        });
  renderOptions();
}

async function choose(customer: CustomerView): Promise<void> {
  clearAlert();
  closeList();
  let answer = await busy(partnerButtons, () => server.chooseCustomer({ id: customer.id }), result);
  if (answer?.needsConfirm) {
    if (!window.confirm(answer.message)) {
      showResult(result, t('sidebar.customer.kept'), 'info');
      search.focus();
      return;
    }
    answer = await busy(
      partnerButtons,
      () => server.chooseCustomer({ id: customer.id, confirm: true }),
      result,
    );
  }
  if (!answer) return;
  partner = answer.partner;
  renderCurrent(answer.partner);
  showResult(result, answer.message, answer.ok ? 'ok' : 'error');
  if (answer.ok) {
    search.value = '';
    query = '';
    hint.textContent = '';
    onChosen();
  }
}

function onKey(event: KeyboardEvent): void {
  switch (event.key) {
    case 'ArrowDown':
      event.preventDefault();
      if (list.hidden || shown.length === 0) {
        void load(false);
        return;
      }
      active = Math.min(active + 1, shown.length - 1);
      renderOptions();
      break;
    case 'ArrowUp':
      event.preventDefault();
      if (shown.length === 0) return;
      active = Math.max(active - 1, 0);
      renderOptions();
      break;
    case 'Home':
    case 'End':
      if (list.hidden || shown.length === 0) return;
      event.preventDefault();
      active = event.key === 'Home' ? 0 : shown.length - 1;
      renderOptions();
      break;
    case 'Enter':
      event.preventDefault();
      if (!list.hidden && active >= 0 && shown[active]) void choose(shown[active]);
      break;
    case 'Escape':
      if (!list.hidden) {
        event.preventDefault();
        closeList();
      }
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// The partner key

async function savePatch(patch: {
  partnerKey?: string | null;
  partnerMode?: boolean;
}): Promise<SettingsView | null> {
  clearAlert();
  const view = await busy([keySave, keyRemove, testButton], () => server.saveSettings(patch), partnerResult);
  if (view) onSaved(view);
  return view;
}

export function initPartner(saved: (view: SettingsView) => void, chosen: () => void): void {
  onSaved = saved;
  onChosen = chosen;

  partnerForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (!key) {
      showResult(partnerResult, t('sidebar.partner.pasteFirst'), 'error');
      keyInput.focus();
      return;
    }
    if (await savePatch({ partnerKey: key })) {
      keyInput.value = '';
      showResult(partnerResult, t('sidebar.partner.saved'), 'info');
    }
  });
  keyRemove.addEventListener('click', async () => {
    if (await savePatch({ partnerKey: null }))
      showResult(partnerResult, t('sidebar.partner.removed'), 'info');
  });
  modeBox.addEventListener('change', async () => {
    const view = await savePatch({ partnerMode: modeBox.checked });
    if (view)
      showResult(
        partnerResult,
        t(view.partner.on ? 'sidebar.partner.modeOn' : 'sidebar.partner.modeOff'),
        'info',
      );
  });
  testButton.addEventListener('click', async () => {
    clearAlert();
    showResult(partnerResult, t('sidebar.connection.testing'), 'info');
    const outcome = await busy([testButton, keySave], () => server.testPartnerConnection(), partnerResult);
    if (outcome) showResult(partnerResult, outcome.message, outcome.ok ? 'ok' : 'error');
  });

  search.addEventListener('keydown', onKey);
  search.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      query = search.value.trim();
      void load(false);
    }, SEARCH_DELAY_MS);
  });
  search.addEventListener('focus', () => {
    if (shown.length === 0) void load(false);
  });
  // mousedown, not click: the field keeps the focus (and the list stays open) while choosing.
  list.addEventListener('mousedown', (event) => {
    const option = (event.target as HTMLElement).closest<HTMLElement>('[role="option"]');
    const customer = option && shown.find((c) => c.id === option.dataset.id);
    if (!customer) return;
    event.preventDefault();
    void choose(customer);
  });
  more.addEventListener('click', async () => {
    await load(true);
    search.focus();
  });
}
