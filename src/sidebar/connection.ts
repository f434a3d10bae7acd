/** Connection: the API token (write-only), the API host and "Test connection". */

import type { ConnectionKind, SettingsView } from '../shared/contracts';
import { t } from '../shared/i18n';
import { byId, el, replaceChildren, show } from './dom';
import { server } from './rpc';
import { busy, clearAlert, showResult, type Tone } from './ui';

const section = byId('connection-section', HTMLDetailsElement);
const summary = byId('connection-summary', HTMLSpanElement);
const form = byId('token-form', HTMLFormElement);
const tokenInput = byId('token-input', HTMLInputElement);
const tokenSave = byId('token-save', HTMLButtonElement);
const tokenState = byId('token-state', HTMLParagraphElement);
const tokenRemove = byId('token-remove', HTMLButtonElement);
const hostSelect = byId('host-select', HTMLSelectElement);
const testButton = byId('test-connection', HTMLButtonElement);
const result = byId('connection-result', HTMLParagraphElement);

export const connectionButtons = [tokenSave, tokenRemove, testButton];

const TONE_BY_KIND: Record<ConnectionKind, Tone> = {
  connected: 'ok',
  'no-token': 'error',
  'token-rejected': 'error',
  unreachable: 'error',
  unexpected: 'error',
};

let onSaved: (view: SettingsView) => void = () => {};
let savedLast4 = '';

export function renderConnection(view: SettingsView): void {
  savedLast4 = view.tokenLast4 ?? '';
  const tokenText = view.tokenSet
    ? t('sidebar.connection.tokenSet', { last4: view.tokenLast4 ?? '····' })
    : t('sidebar.connection.noToken');
  tokenState.textContent = tokenText;
  tokenState.classList.remove('bp-attention');
  tokenInput.removeAttribute('aria-invalid');
  tokenInput.placeholder = t(view.tokenSet ? 'sidebar.connection.pasteNew' : 'sidebar.connection.paste');
  show(tokenRemove, view.tokenSet);
  summary.textContent = view.tokenSet
    ? t('sidebar.connection.summaryToken', { last4: view.tokenLast4 ?? '' })
    : t('sidebar.connection.notSetUp');
  summary.dataset.tone = view.tokenSet ? 'ok' : 'error';

  const hosts = view.allowedHosts.includes(view.apiHost)
    ? view.allowedHosts
    : [view.apiHost, ...view.allowedHosts];
  replaceChildren(hostSelect, ...hosts.map((host) => el('option', { value: host }, host.replace(/\/$/, ''))));
  hostSelect.value = view.apiHost;
  // Nothing to connect with yet (a partner key connects too: src/sidebar/customers.ts).
  if (!view.tokenSet && !view.partner.keySet) section.open = true;
}

function markTokenProblem(reason: string, summaryText: string): void {
  tokenState.textContent = reason;
  tokenState.classList.add('bp-attention');
  tokenInput.setAttribute('aria-invalid', 'true');
  summary.textContent = summaryText;
  summary.dataset.tone = 'error';
}

/** Opens the section and puts the cursor in the token field with the reason next to it. */
export function pointAtToken(): void {
  section.open = true;
  markTokenProblem(t('sidebar.connection.rejected'), t('sidebar.connection.rejectedShort'));
  tokenInput.focus();
  section.scrollIntoView({ block: 'nearest' });
}

async function save(patch: { token?: string | null; apiHost?: string }, buttons: HTMLButtonElement[]) {
  clearAlert();
  const view = await busy(buttons, () => server.saveSettings(patch), result);
  if (!view) return null;
  onSaved(view);
  return view;
}

export function initConnection(saved: (view: SettingsView) => void): void {
  onSaved = saved;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = tokenInput.value.trim();
    if (!token) {
      showResult(result, t('sidebar.connection.pasteFirst'), 'error');
      tokenInput.focus();
      return;
    }
    const view = await save({ token }, [tokenSave, tokenRemove, testButton]);
    if (view) {
      tokenInput.value = '';
      showResult(result, t('sidebar.connection.saved'), 'info');
    }
  });

  tokenRemove.addEventListener('click', async () => {
    const view = await save({ token: null }, [tokenSave, tokenRemove, testButton]);
    if (view) showResult(result, t('sidebar.connection.removed'), 'info');
  });

  hostSelect.addEventListener('change', async () => {
    hostSelect.disabled = true;
    const view = await save({ apiHost: hostSelect.value }, [testButton]);
    hostSelect.disabled = false;
    if (view) showResult(result, t('sidebar.connection.hostSet', { host: view.apiHost }), 'info');
  });

  testButton.addEventListener('click', async () => {
    clearAlert();
    showResult(result, t('sidebar.connection.testing'), 'info');
    const outcome = await busy([testButton, tokenSave], () => server.testConnection(), result);
    if (!outcome) return;
    showResult(result, outcome.message, TONE_BY_KIND[outcome.kind]);
    if (outcome.kind === 'token-rejected')
      markTokenProblem(tokenState.textContent ?? '', t('sidebar.connection.rejectedShort'));
    else if (outcome.kind === 'connected') {
      summary.textContent = t('sidebar.connection.connected', { last4: savedLast4 });
      summary.dataset.tone = 'ok';
    } else if (outcome.kind !== 'no-token') {
      summary.textContent = t(
        outcome.kind === 'unreachable' ? 'sidebar.connection.unreachable' : 'sidebar.connection.check',
      );
      summary.dataset.tone = 'error';
    }
  });
}
