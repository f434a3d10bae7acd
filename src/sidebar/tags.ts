/**
 * The default-tags field with the account's tags: BotPenguin's tag names to pick from (cached on
 * the server for a few minutes; "Refresh tags" asks again), and every typed name that the account
 * does not have yet marked "new tag", so a typo is seen before it becomes a tag in BotPenguin.
 */
import { t } from '../shared/i18n';
import { byId, el, replaceChildren } from './dom';
import { parseTags } from './format';
import { server } from './rpc';
import { busy } from './ui';

const tagsInput = byId('default-tags', HTMLInputElement);
const suggestions = byId('tag-suggestions', HTMLUListElement);
const check = byId('tag-check', HTMLParagraphElement);
const refreshButton = byId('tags-refresh', HTMLButtonElement);

const section = byId('defaults-section', HTMLDetailsElement);

let known: string[] | null = null;
let problem = '';
let loaded = false;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function renderTagCheck(): void {
  const typed = parseTags(tagsInput.value);
  replaceChildren(
    suggestions,
    ...(known ?? []).map((tag) =>
      el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            class: 'bp-tag',
            'aria-pressed': typed.some((name) => same(name, tag)) ? 'true' : 'false',
          },
          tag,
        ),
      ),
    ),
  );
  if (known === null) {
    check.textContent = problem;
    return;
  }
  const fresh = typed.filter((tag) => !known?.some((k) => same(k, tag)));
  replaceChildren(
    check,
    ...fresh.flatMap((tag, i) => [
      i > 0 ? ', ' : '',
      el('span', { class: 'bp-new-tag' }, `“${tag}”`),
      t('sidebar.tags.newTag'),
    ]),
    fresh.length ? t('sidebar.tags.notInAccount', { count: fresh.length }) : '',
  );
}

/** Adds or removes a picked tag in the comma-separated field. */
function toggle(tag: string): void {
  const typed = parseTags(tagsInput.value);
  const next = typed.some((name) => same(name, tag))
    ? typed.filter((name) => !same(name, tag))
    : [...typed, tag];
  tagsInput.value = next.join(', ');
  renderTagCheck();
}

/**
 * Asks for the account's tags, only while Defaults is open: opening the sidebar costs no request.
 * A closed section is asked when it opens (`forget` drops what another token's account had).
 */
export async function loadTags(refresh: boolean, forget = false): Promise<void> {
  if (forget) {
    loaded = false;
    known = null;
    problem = '';
  }
  if (!section.open) return;
  loaded = true;
  const answer = await busy([refreshButton], () => server.getAccountTags(refresh), check);
  if (!answer) return;
  known = answer.ok ? answer.tags : null;
  problem = answer.message;
  renderTagCheck();
}

export function initTags(): void {
  tagsInput.addEventListener('input', renderTagCheck);
  suggestions.addEventListener('click', (event) => {
    const button = (event.target as Element).closest('button');
    if (!button) return;
    toggle(button.textContent ?? '');
    // The list was redrawn: keep focus on the same tag for keyboard users.
    const again = [...suggestions.querySelectorAll('button')].find(
      (b) => b.textContent === button.textContent,
    );
    again?.focus();
  });
  refreshButton.addEventListener('click', () => void loadTags(true));
  section.addEventListener('toggle', () => {
    if (section.open && !loaded) void loadTags(false);
  });
}
