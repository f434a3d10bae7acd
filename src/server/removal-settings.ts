/**
 * A sheet's opt-out choices: remove withdrawn contacts from BotPenguin or tag them, the tag, and
 * whether the automatic import handles them too. Stored per sheet in the document properties under
 * their own key, so everyone handling a sheet's opt-outs makes the same choice.
 */
import { DEFAULT_OPT_OUT_TAG } from '../core/removal';
import type { OptOutHandling, OptOutSettings } from '../shared/contracts';
import { t } from '../shared/i18n';
import { cleanTags } from '../shared/text';
import { UserError } from './errors';

const key = (sheetId: number) => `bp.optouts.${sheetId}`;
const HANDLINGS: readonly OptOutHandling[] = ['remove', 'tag'];

const DEFAULTS: OptOutSettings = { handling: 'remove', tag: DEFAULT_OPT_OUT_TAG, automatic: false };

export function getOptOutSettings(sheetId: number): OptOutSettings {
  const raw = PropertiesService.getDocumentProperties().getProperty(key(sheetId));
  if (!raw) return { ...DEFAULTS };
  try {
    const stored = JSON.parse(raw) as Partial<OptOutSettings>;
    return {
      handling: HANDLINGS.includes(stored.handling as OptOutHandling)
        ? (stored.handling as OptOutHandling)
        : 'remove',
      tag: cleanTags([String(stored.tag ?? '')])[0] ?? DEFAULT_OPT_OUT_TAG,
      automatic: stored.automatic === true,
    };
  } catch {
    console.warn(`Opt-out settings of sheet ${sheetId} could not be read; using the defaults.`);
    return { ...DEFAULTS };
  }
}

export function saveOptOutSettings(sheetId: number, patch: Partial<OptOutSettings>): OptOutSettings {
  if (!patch || typeof patch !== 'object') throw new UserError(t('settings.nothing'));
  const current = getOptOutSettings(sheetId);
  if (patch.handling !== undefined) {
    if (!HANDLINGS.includes(patch.handling)) {
      throw new UserError(
        t('settings.oneOf', { what: t('settings.optOutHandling'), allowed: HANDLINGS.join(', ') }),
      );
    }
    current.handling = patch.handling;
  }
  if (patch.tag !== undefined) {
    const [tag] = cleanTags([String(patch.tag)]);
    if (!tag) throw new UserError(t('settings.optOutTagEmpty'));
    current.tag = tag;
  }
  if (patch.automatic !== undefined) current.automatic = patch.automatic === true;
  PropertiesService.getDocumentProperties().setProperty(key(sheetId), JSON.stringify(current));
  return current;
}
