/** Shared pieces of the sidebar: the alert area, inline results and busy buttons. */
import { byId, show } from './dom';
import { toSentence } from './rpc';

const alertBox = byId('alert', HTMLDivElement);
const alertText = byId('alert-text', HTMLParagraphElement);

export function showAlert(message: string): void {
  alertText.textContent = message;
  show(alertBox, true);
}

export function clearAlert(): void {
  alertText.textContent = '';
  show(alertBox, false);
}

byId('alert-dismiss', HTMLButtonElement).addEventListener('click', clearAlert);

export type Tone = 'ok' | 'error' | 'info';

/** A short outcome under a form ("Saved.", "Connected as …"), coloured by tone. */
export function showResult(target: HTMLElement, message: string, tone: Tone): void {
  target.textContent = message;
  target.dataset.tone = tone;
  show(target, message !== '');
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
 * Runs one server call with its buttons disabled and aria-busy set; a failure becomes a sentence in
 * the alert area and resolves to null, so callers only handle success.
 */
export async function busy<T>(buttons: HTMLButtonElement[], work: () => Promise<T>): Promise<T | null> {
  const release = hold(buttons);
  for (const button of buttons) button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } catch (error) {
    showAlert(toSentence(error));
    return null;
  } finally {
    for (const button of buttons) button.removeAttribute('aria-busy');
    release();
  }
}
