/**
 * The Help dialog: what the add-on is (name, version), how to use it, where its documentation,
 * support and privacy policy are, and which API host this user's imports go to. Every text is
 * escaped, so nothing from settings or the brand can become HTML. The words come from the
 * catalogues in the user's language.
 */

import { ADDON_VERSION, BRAND } from '../shared/brand';
import { currentLanguage, t } from '../shared/i18n';
import { ADDON_NAME } from './config';
import { partnerView } from './partner';
import { getApiHost } from './settings';

const HELP_DIALOG_SIZE = { width: 460, height: 540 };

/** The words, in the user's language (read when the dialog is built, after the language is set). */
function helpText() {
  return {
    title: t('help.title'),
    version: (version: string) => t('help.version', { version }),
    steps: [t('help.step1'), t('help.step2'), t('help.step3'), t('help.step4'), t('help.step5')],
    statusWords: t('help.statusWords'),
    documentation: t('help.documentation'),
    support: t('help.support'),
    privacy: t('help.privacy'),
    apiHost: t('help.apiHost'),
    customer: t('help.customer'),
    noCustomer: t('help.noCustomer'),
    close: t('help.close'),
  };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a quoted attribute. */
function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Only https: and mailto: links are shown as links; anything else as plain text. */
function link(label: string, url: string): string {
  const shown = url.replace(/^mailto:/, '');
  if (!/^(https:\/\/|mailto:)/i.test(url)) return `${escapeHtml(label)}: ${escapeHtml(url)}`;
  return `${escapeHtml(label)}: <a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(shown)}</a>`;
}

/** Partner mode: the customer the active sheet imports into ('' outside partner mode). */
function customerLine(text: ReturnType<typeof helpText>): string {
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getActiveSheet();
  const partner = partnerView(sheet);
  if (!partner.on) return '';
  const who = partner.customer
    ? `<strong>${escapeHtml(partner.customer.name || partner.customer.email)}</strong>${partner.customer.email ? ` (${escapeHtml(partner.customer.email)})` : ''}`
    : escapeHtml(text.noCustomer);
  return `<p id="customer">${escapeHtml(text.customer)}: ${who}</p>`;
}

function helpHtml(apiHost: string): string {
  const HELP_TEXT = helpText();
  const steps = HELP_TEXT.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('');
  return [
    `<!DOCTYPE html><html lang="${escapeHtml(currentLanguage())}"><head><base target="_top"><meta charset="utf-8">`,
    '<style>',
    `body{font:14px/1.45 Arial,sans-serif;color:#202124;margin:0 4px}`,
    `h1{font-size:16px;margin:4px 0 0}p{margin:6px 0}ol{padding-left:20px}li{margin:4px 0}`,
    `a{color:${escapeHtml(BRAND.colors.primary)}}.meta{color:#5f6368;margin-top:0}`,
    `button{margin-top:10px;padding:6px 16px;border:0;border-radius:4px;background:${escapeHtml(BRAND.colors.primary)};color:#fff;font:inherit;cursor:pointer}`,
    '</style></head><body>',
    `<h1>${escapeHtml(ADDON_NAME)}</h1>`,
    `<p class="meta" id="version">${escapeHtml(HELP_TEXT.version(ADDON_VERSION))}</p>`,
    `<ol>${steps}</ol>`,
    `<p class="meta" id="status-words">${escapeHtml(HELP_TEXT.statusWords)}</p>`,
    `<p id="documentation">${link(HELP_TEXT.documentation, BRAND.links.help)}</p>`,
    `<p id="support">${link(HELP_TEXT.support, BRAND.links.support)}</p>`,
    `<p id="privacy">${link(HELP_TEXT.privacy, BRAND.links.privacy)}</p>`,
    `<p id="api-host">${escapeHtml(HELP_TEXT.apiHost)}: <code>${escapeHtml(apiHost)}</code></p>`,
    customerLine(HELP_TEXT),
    `<button type="button" onclick="google.script.host.close()">${escapeHtml(HELP_TEXT.close)}</button>`,
    '</body></html>',
  ].join('');
}

export function showHelp(): void {
  const output = HtmlService.createHtmlOutput(helpHtml(getApiHost()))
    .setWidth(HELP_DIALOG_SIZE.width)
    .setHeight(HELP_DIALOG_SIZE.height);
  SpreadsheetApp.getUi().showModalDialog(output, t('help.title'));
}
