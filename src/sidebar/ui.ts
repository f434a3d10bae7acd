/** Shared pieces of the sidebar: the action bar's alert, inline results and busy buttons. */
import { byId } from './dom';
import { toSentence } from './rpc';

const alertText = byId('alert-text', HTMLParagraphElement);
const alertDismiss = byId('alert-dismiss', HTMLButtonElement);

/**
 * An error that belongs to no single section (loading the sidebar, an import that could not
 * start): it goes into the action bar, which is always in view, in a live region that exists
 * from the start.
 */
export function showAlert(message: string): void {
  alertText.textContent = message;
  alertDismiss.hidden = false;
}

export function clearAlert(): void {
  alertText.textContent = '';
  alertDismiss.hidden = true;
}

alertDismiss.addEventListener('click', () => {
  clearAlert();
  byId('import-start', HTMLButtonElement).focus();
});

export type Tone = 'ok' | 'error' | 'info';

/**
 * A short outcome next to the action that caused it ("Saved.", "Connected as …"), coloured by
 * tone and scrolled into view. Empty text empties the live region without removing it.
 */
export function showResult(target: HTMLElement, message: string, tone: Tone): void {
  target.textContent = message;
  target.dataset.tone = tone;
  if (message !== '') target.scrollIntoView?.({ block: 'nearest' });
}

const holds = new Map<HTMLButtonElement, number>();

/** Disables the buttons until the returned release() runs; holds from several callers stack. */
export function hold(buttons: HTMLButtonElement[]): () => void {
  for (const button of buttons) {
    holds.set(button, (holds.get(button) ?? 0) + 1);
    button.disabled = true;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const button of buttons) {
      const count = (holds.get(button) ?? 1) - 1;
      holds.set(button, count);
      button.disabled = count > 0;
    }
  };
}

/**
 * Runs one server call with its buttons disabled and aria-busy set; a failure becomes a sentence
 * next to the action (`errorTarget`, else the action bar's alert) and resolves to null, so callers
 * only handle success. Focus that sat on a disabled button comes back to it afterwards.
 */
export async function busy<T>(
  buttons: HTMLButtonElement[],
  work: () => Promise<T>,
  errorTarget?: HTMLElement,
): Promise<T | null> {
  const focused = document.activeElement;
  const release = hold(buttons);
  for (const button of buttons) button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } catch (error) {
    if (errorTarget) showResult(errorTarget, toSentence(error), 'error');
    else showAlert(toSentence(error));
    return null;
  } finally {
    for (const button of buttons) button.removeAttribute('aria-busy');
    release();
    // A disabled button drops the browser's focus to the body: put it back.
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (lost && focused instanceof HTMLElement && focused.isConnected) focused.focus();
  }
}
