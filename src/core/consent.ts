/**
 * WhatsApp opt-in: a row is imported only when its opt-in cell says yes. Cells arrive as raw Sheets
 * values: a checkbox gives true/false, people type Yes/No/Sí/Não/Oui/1/0… in four languages.
 * Anything that is not clearly yes counts as no (the stricter reading), and the reason quotes it.
 */

/** What an empty opt-in cell means. The product default is 'no'. */
import type { BlankConsentMeans as BlankConsentMeaning } from '../shared/contracts';
import { t } from '../shared/i18n';
import { compactText } from './countries';
import { cellText, isEmptyCell, type RawCell } from './fields';

export type { BlankConsentMeaning };

export type ConsentReading = { consented: true } | { consented: false; reason: string };

/** Compared after compactText: lower case, accents and punctuation removed ("Opted-in" → "optedin"). */
const YES_WORDS = new Set(
  [
    'true',
    'yes',
    'y',
    '1',
    'subscribed',
    'opted in',
    'opt in',
    // es
    'sí',
    'si',
    'verdadero',
    'suscrito',
    'suscrita',
    // pt
    'sim',
    'verdadeiro',
    'inscrito',
    'inscrita',
    // fr
    'oui',
    'vrai',
    'abonné',
    'abonnée',
    'inscrit',
    'inscrite',
  ].map(compactText),
);

const NO_WORDS = new Set(
  [
    'false',
    'no',
    'n',
    '0',
    'unsubscribed',
    'opted out',
    'opt out',
    // es
    'falso',
    'desuscrito',
    'desuscrita',
    'cancelado',
    'cancelada',
    'dado de baja',
    'baja',
    // pt
    'não',
    'nao',
    'descadastrado',
    'descadastrada',
    'desinscrito',
    // fr
    'non',
    'faux',
    'désabonné',
    'désabonnée',
    'désinscrit',
  ].map(compactText),
);

/**
 * The opt-in cell → consented or not, with a reason a marketer can act on.
 * `formatDate` writes a date cell in the spreadsheet's time zone when it has to be quoted.
 */
export function readConsent(
  value: RawCell,
  blankMeans: BlankConsentMeaning,
  formatDate?: (date: Date) => string,
): ConsentReading {
  if (isEmptyCell(value)) {
    return blankMeans === 'yes'
      ? { consented: true }
      : {
          consented: false,
          reason: t('consent.empty'),
        };
  }
  if (value === true) return { consented: true };
  const text = cellText(value, formatDate);
  const word = compactText(text);
  if (value !== false && YES_WORDS.has(word)) return { consented: true };
  if (value === false || NO_WORDS.has(word)) {
    return {
      consented: false,
      reason: t('consent.no', { cell: value === false ? 'FALSE' : text }),
    };
  }
  return {
    consented: false,
    reason: t('consent.unclear', { cell: text }),
  };
}
