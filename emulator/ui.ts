/**
 * SpreadsheetApp.getUi(): menus, alerts, prompts, toasts, sidebars and dialogs, all recorded in
 * a UiRecorder so tests can assert on them and script the human's button clicks.
 */
import type { Runtime } from './runtime';

export const BUTTON = { OK: 'OK', CANCEL: 'CANCEL', YES: 'YES', NO: 'NO', CLOSE: 'CLOSE' } as const;
export type ButtonName = (typeof BUTTON)[keyof typeof BUTTON];
export const BUTTON_SET = {
  OK: 'OK',
  OK_CANCEL: 'OK_CANCEL',
  YES_NO: 'YES_NO',
  YES_NO_CANCEL: 'YES_NO_CANCEL',
} as const;
const BUTTONS_OF_SET: Record<string, ButtonName[]> = {
  OK: ['OK'],
  OK_CANCEL: ['OK', 'CANCEL'],
  YES_NO: ['YES', 'NO'],
  YES_NO_CANCEL: ['YES', 'NO', 'CANCEL'],
};

type MenuItemRecord =
  | { caption: string; functionName: string }
  | { separator: true }
  | { submenu: MenuRecord };
export interface MenuRecord {
  title: string;
  addon: boolean;
  items: MenuItemRecord[];
}
export interface AlertRecord {
  kind: 'alert' | 'prompt';
  title: string;
  prompt: string;
  buttons: string;
  answer: ButtonName;
  text?: string;
}
export interface ToastRecord {
  message: string;
  title: string;
  timeoutSeconds: number;
}
export interface DialogRecord {
  kind: 'sidebar' | 'modal' | 'modeless';
  title: string;
  html: string;
  width: number | null;
  height: number | null;
}
export interface ScriptedAnswer {
  button: ButtonName;
  text?: string;
}

/** Anything with HtmlOutput's getters (the emulator's own HtmlOutput). */
export interface HtmlLike {
  getContent(): string;
  getTitle(): string;
  getWidth(): number | null;
  getHeight(): number | null;
}

export class UiRecorder {
  readonly menus: MenuRecord[] = [];
  readonly alerts: AlertRecord[] = [];
  readonly toasts: ToastRecord[] = [];
  readonly dialogs: DialogRecord[] = [];
  /** Queue of the human's answers to alert()/prompt(); when empty the first button is pressed. */
  readonly answers: ScriptedAnswer[] = [];
  /** Name shown for createAddonMenu() menus. */
  addonName = 'Add-on';

  /** Queues the human's next answer to an alert or prompt. */
  answer(button: ButtonName, text?: string): void {
    this.answers.push(text === undefined ? { button } : { button, text });
  }

  get sidebars(): DialogRecord[] {
    return this.dialogs.filter((d) => d.kind === 'sidebar');
  }

  /** The dialog or sidebar shown last (Sheets shows one at a time). */
  get current(): DialogRecord | undefined {
    return this.dialogs[this.dialogs.length - 1];
  }
}

class MenuFacade {
  private readonly record: MenuRecord;
  constructor(
    private readonly runtime: Runtime,
    private readonly recorder: UiRecorder,
    title: string,
    addon: boolean,
  ) {
    this.record = { title, addon, items: [] };
  }
  addItem(caption: string, functionName: string): MenuFacade {
    this.record.items.push({ caption: String(caption), functionName: String(functionName) });
    return this;
  }
  addSeparator(): MenuFacade {
    this.record.items.push({ separator: true });
    return this;
  }
  addSubMenu(menu: MenuFacade): MenuFacade {
    this.record.items.push({ submenu: menu.snapshot() });
    return this;
  }
  snapshot(): MenuRecord {
    return { ...this.record, items: [...this.record.items] };
  }
  addToUi(): void {
    this.runtime.call('Ui.addToUi', this.runtime.latency.uiMs, () => {
      const existing = this.recorder.menus.findIndex(
        (m) => m.title === this.record.title && m.addon === this.record.addon,
      );
      if (existing >= 0) this.recorder.menus.splice(existing, 1, this.snapshot());
      else this.recorder.menus.push(this.snapshot());
    });
  }
}

class PromptResponse {
  constructor(
    private readonly button: ButtonName,
    private readonly text: string,
  ) {}
  getResponseText(): string {
    return this.text;
  }
  getSelectedButton(): ButtonName {
    return this.button;
  }
}

export class UiFacade {
  readonly Button = BUTTON;
  readonly ButtonSet = BUTTON_SET;
  constructor(
    private readonly runtime: Runtime,
    private readonly recorder: UiRecorder,
  ) {}

  createMenu(caption: string): MenuFacade {
    return new MenuFacade(this.runtime, this.recorder, String(caption), false);
  }
  createAddonMenu(): MenuFacade {
    return new MenuFacade(this.runtime, this.recorder, this.recorder.addonName, true);
  }

  private nextAnswer(buttons: string): ScriptedAnswer {
    const allowed = BUTTONS_OF_SET[buttons] ?? ['OK'];
    const scripted = this.recorder.answers.shift();
    if (!scripted) return { button: allowed[0] };
    if (scripted.button !== 'CLOSE' && !allowed.includes(scripted.button)) {
      throw new Error(`Scripted answer ${scripted.button} is not a button of ButtonSet.${buttons}`);
    }
    return scripted;
  }

  /** alert(prompt) | alert(prompt, buttons) | alert(title, prompt, buttons) */
  alert(first: string, second?: string, third?: string): ButtonName {
    return this.runtime.call('Ui.alert', this.runtime.latency.uiMs, () => {
      const [title, prompt, buttons] = dialogArguments(first, second, third);
      const answer = this.nextAnswer(buttons);
      this.recorder.alerts.push({
        kind: 'alert',
        title: String(title),
        prompt: String(prompt),
        buttons,
        answer: answer.button,
      });
      return answer.button;
    });
  }

  /** prompt(prompt) | prompt(prompt, buttons) | prompt(title, prompt, buttons) */
  prompt(first: string, second?: string, third?: string): PromptResponse {
    return this.runtime.call('Ui.prompt', this.runtime.latency.uiMs, () => {
      const [title, prompt, buttons] = dialogArguments(first, second, third);
      const answer = this.nextAnswer(buttons);
      const text = answer.text ?? '';
      this.recorder.alerts.push({
        kind: 'prompt',
        title: String(title),
        prompt: String(prompt),
        buttons,
        answer: answer.button,
        text,
      });
      return new PromptResponse(answer.button, text);
    });
  }

  private show(kind: DialogRecord['kind'], output: HtmlLike, title?: string): void {
    this.recorder.dialogs.push({
      kind,
      title: title ?? output.getTitle(),
      html: output.getContent(),
      width: output.getWidth(),
      height: output.getHeight(),
    });
  }
  showSidebar(output: HtmlLike): void {
    this.runtime.call('Ui.showSidebar', this.runtime.latency.uiMs, () => this.show('sidebar', output));
  }
  showModalDialog(output: HtmlLike, title: string): void {
    this.runtime.call('Ui.showModalDialog', this.runtime.latency.uiMs, () =>
      this.show('modal', output, title),
    );
  }
  showModelessDialog(output: HtmlLike, title: string): void {
    this.runtime.call('Ui.showModelessDialog', this.runtime.latency.uiMs, () =>
      this.show('modeless', output, title),
    );
  }
}

/** Ui.alert and Ui.prompt overloads: (prompt) | (prompt, buttons) | (title, prompt, buttons). */
function dialogArguments(first: string, second?: string, third?: string): [string, string, string] {
  if (third !== undefined) return [first, second ?? '', third];
  if (second !== undefined && second in BUTTONS_OF_SET) return ['', first, second];
  return ['', first, 'OK'];
}
