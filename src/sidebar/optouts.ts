/**
 * Opt-outs and removal: how many imported contacts have withdrawn consent, the sheet's choice
 * (remove them from BotPenguin or tag them), whether the automatic import handles them too, and
 * the two actions, Handle opt-outs and Remove selected contacts. Each action shows its dry run as
 * a question naming the count and the first numbers; only Yes sends anything.
 */
import type { OptOutSettings, RemovalKind, RemovalPlan, RemovalProgress } from '../shared/contracts';
import { t } from '../shared/i18n';
import { refreshAutomation } from './automation';
import { byId, show } from './dom';
import { formatCount } from './format';
import { server } from './rpc';
import { busy, showResult } from './ui';

const countText = byId('optout-count', HTMLSpanElement);
const removeChoice = byId('optout-remove', HTMLInputElement);
const tagChoice = byId('optout-tag', HTMLInputElement);
const tagName = byId('optout-tag-name', HTMLInputElement);
const automatic = byId('optout-auto', HTMLInputElement);
const handleButton = byId('optouts-handle', HTMLButtonElement);
const removeSelectedButton = byId('remove-selected', HTMLButtonElement);
const confirmBox = byId('removal-confirm', HTMLDivElement);
const question = byId('removal-question', HTMLParagraphElement);
const yesButton = byId('removal-yes', HTMLButtonElement);
const noButton = byId('removal-no', HTMLButtonElement);
const result = byId('removal-result', HTMLParagraphElement);

export const optOutButtons = [handleButton, removeSelectedButton, yesButton];

let pending: { plan: RemovalPlan; from: HTMLButtonElement } | null = null;
let shownCount = 0;

function renderCount(count: number): void {
  shownCount = count;
  countText.textContent = count === 0 ? t('sidebar.optOuts.none') : t('sidebar.optOuts.count', { count });
  handleButton.textContent = `${t('sidebar.optOuts.handle')} (${formatCount(count)})`;
  if (!handleButton.hasAttribute('aria-busy')) handleButton.disabled = count === 0;
}

function renderSettings(settings: OptOutSettings): void {
  removeChoice.checked = settings.handling === 'remove';
  tagChoice.checked = settings.handling === 'tag';
  tagName.value = settings.tag;
  tagName.disabled = settings.handling !== 'tag';
  automatic.checked = settings.automatic;
}

/** busy(), then the count again: busy() gives Handle opt-outs back enabled, even with none. */
async function call<T>(buttons: HTMLButtonElement[], work: () => Promise<T>): Promise<T | null> {
  const value = await busy(buttons, work, result);
  renderCount(shownCount);
  return value;
}

export async function refreshOptOuts(): Promise<void> {
  const count = await call([handleButton], () => server.getOptOutCount());
  if (count !== null) renderCount(count);
}

async function save(patch: Partial<OptOutSettings>): Promise<void> {
  const saved = await call([handleButton, removeSelectedButton], () => server.saveOptOutSettings(patch));
  if (saved) {
    renderSettings(saved);
    showResult(result, t('sidebar.optOuts.saved'), 'ok');
  }
}

async function ask(kind: RemovalKind, from: HTMLButtonElement): Promise<void> {
  show(confirmBox, false);
  const plan = await call(optOutButtons, () => server.planRemoval(kind));
  if (!plan) return;
  if (plan.eligible === 0) {
    showResult(result, plan.message, 'info');
    return;
  }
  pending = { plan, from };
  question.textContent = plan.message;
  showResult(result, '', 'info');
  show(confirmBox, true);
  noButton.focus();
}

async function run(plan: RemovalPlan): Promise<RemovalProgress | null> {
  let progress = await server.startRemoval(plan.kind, plan.confirmation);
  while (progress.state === 'running') {
    showResult(result, progress.message, 'info');
    progress = await server.continueRemoval(progress.jobId);
  }
  return progress;
}

export function initOptOuts(afterChange: () => Promise<void>): void {
  renderCount(0);
  void call([handleButton, removeSelectedButton], async () =>
    renderSettings(await server.getOptOutSettings()),
  );
  removeChoice.addEventListener('change', () => void save({ handling: 'remove' }));
  tagChoice.addEventListener('change', () => void save({ handling: 'tag' }));
  tagName.addEventListener('change', () => void save({ tag: tagName.value }));
  // The Automation section says whether its runs handle opt-outs: it says the new choice at once.
  automatic.addEventListener(
    'change',
    () => void save({ automatic: automatic.checked }).then(() => refreshAutomation()),
  );
  handleButton.addEventListener('click', () => void ask('optOuts', handleButton));
  removeSelectedButton.addEventListener('click', () => void ask('selected', removeSelectedButton));
  noButton.addEventListener('click', () => {
    show(confirmBox, false);
    showResult(result, t('sidebar.optOuts.nothingSent'), 'info');
    pending?.from.focus();
    pending = null;
  });
  yesButton.addEventListener('click', async () => {
    if (!pending) return;
    const { plan, from } = pending;
    pending = null;
    show(confirmBox, false);
    from.focus();
    const progress = await call([...optOutButtons, noButton], () => run(plan));
    if (progress) {
      const clean = progress.state === 'done' && progress.counts.failed === 0;
      showResult(result, progress.message, clean ? 'ok' : progress.state === 'stopped' ? 'error' : 'info');
    }
    await afterChange();
    await refreshOptOuts();
  });
}
