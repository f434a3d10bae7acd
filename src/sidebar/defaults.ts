/** Defaults: country for numbers without a country code, tags for every contact, batch size. */

import { describeRegion, REGION_NAMES, regionFromText } from '../core/countries';
import type { SettingsPatch, SettingsView } from '../shared/contracts';
import { currentLanguage, t } from '../shared/i18n';
import { byId, el, replaceChildren } from './dom';
import { parseTags } from './format';
import { server } from './rpc';
import { busy, clearAlert, showResult } from './ui';

const summary = byId('defaults-summary', HTMLSpanElement);
const form = byId('defaults-form', HTMLFormElement);
const countryInput = byId('default-country', HTMLInputElement);
const countryOptions = byId('country-options', HTMLDataListElement);
const tagsInput = byId('default-tags', HTMLInputElement);
const batchInput = byId('batch-size', HTMLInputElement);
const blankConsentSelect = byId('blank-consent', HTMLSelectElement);
const rejectBadEmailBox = byId('reject-bad-email', HTMLInputElement);
const saveButton = byId('defaults-save', HTMLButtonElement);
const result = byId('defaults-result', HTMLParagraphElement);

export const defaultsButtons = [saveButton];

/** "India (IN)" → "IN"; also accepts a bare code or a name the server would recognise. */
function regionFromInput(text: string): string | null | 'unknown' {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const labelled = /\(([A-Za-z]{2})\)\s*$/.exec(trimmed);
  const region = labelled ? labelled[1].toUpperCase() : regionFromText(trimmed);
  return region && REGION_NAMES[region] !== undefined ? region : 'unknown';
}

let optionsLanguage = '';

/** The country suggestions in the user's language ("Alemania (DE)"), sorted as they sort them. */
function fillCountryOptions(): void {
  const language = currentLanguage();
  if (language === optionsLanguage) return;
  optionsLanguage = language;
  const entries = Object.keys(REGION_NAMES)
    .map((region) => describeRegion(region))
    .sort((a, b) => a.localeCompare(b, language));
  replaceChildren(countryOptions, ...entries.map((label) => el('option', { value: label })));
}

export function renderDefaults(view: SettingsView): void {
  fillCountryOptions();
  countryInput.value = view.defaultCountry ? describeRegion(view.defaultCountry) : '';
  tagsInput.value = view.defaultTags.join(', ');
  batchInput.value = String(view.batchSize);
  blankConsentSelect.value = view.blankConsentMeans;
  rejectBadEmailBox.checked = view.invalidEmail === 'reject';
  const parts = [
    view.defaultCountry ?? t('sidebar.defaults.noCountry'),
    t('sidebar.defaults.batch', { size: view.batchSize }),
  ];
  if (view.defaultTags.length) parts.push(t('sidebar.defaults.tagCount', { count: view.defaultTags.length }));
  summary.textContent = parts.join(' · ');
}

export function initDefaults(saved: (view: SettingsView) => void): void {
  fillCountryOptions();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearAlert();
    countryInput.removeAttribute('aria-invalid');
    batchInput.removeAttribute('aria-invalid');
    const region = regionFromInput(countryInput.value);
    if (region === 'unknown') {
      countryInput.setAttribute('aria-invalid', 'true');
      showResult(
        result,
        t('sidebar.defaults.unknownCountry', { country: countryInput.value.trim() }),
        'error',
      );
      countryInput.focus();
      return;
    }
    const batchSize = Number(batchInput.value);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      batchInput.setAttribute('aria-invalid', 'true');
      showResult(result, t('sidebar.defaults.batchInvalid'), 'error');
      batchInput.focus();
      return;
    }
    const patch: SettingsPatch = {
      defaultCountry: region,
      defaultTags: parseTags(tagsInput.value),
      batchSize,
      blankConsentMeans: blankConsentSelect.value === 'yes' ? 'yes' : 'no',
      invalidEmail: rejectBadEmailBox.checked ? 'reject' : 'leave-out',
    };
    const view = await busy(defaultsButtons, () => server.saveSettings(patch), result);
    if (!view) return;
    saved(view);
    showResult(result, t('sidebar.defaults.saved'), 'ok');
  });
}
