/**
 * The Help dialog: what the add-on is (name, version), how to use it, where its documentation,
 * support and privacy policy are, and which API host this user's imports go to. Every text is
 * escaped, so nothing from settings or the brand can become HTML. The words are in HELP_TEXT, one
 * place for a later translation.
 */
import { ADDON_VERSION, BRAND } from '../shared/brand';
import { ADDON_NAME } from './config';
import { getApiHost } from './settings';

const HELP_DIALOG_SIZE = { width: 460, height: 430 };

const HELP_TEXT = {
  title: `${ADDON_NAME}: help`,
  version: (version: string) => `Version ${version}`,
  steps: [
    `Open sidebar → Connection: paste your API token from ${BRAND.tokenLocation}, then Test connection.`,
    'Put one contact per row under a header row (Name, Phone, Country, Email, Tags; other columns become attributes).',
    `Select the rows and choose Import selected rows. The ${BRAND.statusHeader} column says what happened to each row: Imported, Invalid, Failed, Skipped or Queued, with the reason in ${BRAND.detailsHeader}.`,
    'Fix Invalid rows and import them again; choose Retry failed rows for Failed and Queued rows.',
  ],
  documentation: 'Documentation',
  support: 'Support',
  privacy: 'Privacy policy',
  apiHost: 'Contacts are sent to',
  close: 'Close',
};

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

function helpHtml(apiHost: string): string {
  const steps = HELP_TEXT.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('');
  return [
    '<!DOCTYPE html><html><head><base target="_top"><meta charset="utf-8">',
    '<style>',
    `body{font:14px/1.45 Arial,sans-serif;color:#202124;margin:0 4px}`,
    `h1{font-size:16px;margin:4px 0 0}p{margin:6px 0}ol{padding-left:20px}li{margin:4px 0}`,
    `a{color:${escapeHtml(BRAND.colors.primary)}}.meta{color:#5f6368;margin-top:0}`,
    `button{margin-top:10px;padding:6px 16px;border:0;border-radius:4px;background:${escapeHtml(BRAND.colors.primary)};color:#fff;font:inherit;cursor:pointer}`,
    '</style></head><body>',
    `<h1>${escapeHtml(ADDON_NAME)}</h1>`,
    `<p class="meta" id="version">${escapeHtml(HELP_TEXT.version(ADDON_VERSION))}</p>`,
    `<ol>${steps}</ol>`,
    `<p id="documentation">${link(HELP_TEXT.documentation, BRAND.links.help)}</p>`,
    `<p id="support">${link(HELP_TEXT.support, BRAND.links.support)}</p>`,
    `<p id="privacy">${link(HELP_TEXT.privacy, BRAND.links.privacy)}</p>`,
    `<p id="api-host">${escapeHtml(HELP_TEXT.apiHost)}: <code>${escapeHtml(apiHost)}</code></p>`,
    `<button type="button" onclick="google.script.host.close()">${escapeHtml(HELP_TEXT.close)}</button>`,
    '</body></html>',
  ].join('');
}

export function showHelp(): void {
  const output = HtmlService.createHtmlOutput(helpHtml(getApiHost()))
    .setWidth(HELP_DIALOG_SIZE.width)
    .setHeight(HELP_DIALOG_SIZE.height);
  SpreadsheetApp.getUi().showModalDialog(output, HELP_TEXT.title);
}
