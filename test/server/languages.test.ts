/**
 * The add-on in the marketer's language, end to end: the built bundle in the emulator with the
 * user's Google locale set (Session.getActiveUserLocale), real HTTP to the mock. Menu captions,
 * the toast or alert after an import, Details sentences and Help follow the locale; status words
 * stay English; an unknown locale gets English; and a sheet imported under one language is read
 * back correctly under another.
 */
import { describe, expect, it } from 'vitest';
import {
  countBy,
  emulatorFor,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

/** A fresh emulator whose user reads Google in `locale`. */
function speaking(locale: string) {
  t.em.dispose();
  t.em = emulatorFor(t.mock, { userLocale: locale });
  return t.em;
}

function captions() {
  t.em.ui.menus.length = 0;
  t.em.runWithEvent('onOpen', { authMode: 'NONE' });
  return t.em.ui.menus[0].items.map((item) => ('caption' in item ? item.caption : '—'));
}

const GOOD = [
  ['Asha', "'+91 98765 43210", 'asha@example.com', 'lead'],
  ['Ravi', "'+91 98765 43211", 'ravi@example.com', 'lead'],
];

describe('menu captions', () => {
  it('are Spanish for es and es_419, Hindi for hi, Portuguese for pt_BR, French for fr_CA', () => {
    speaking('es');
    expect(captions()).toEqual([
      'Importar filas seleccionadas',
      'Importar todas las filas nuevas o cambiadas',
      'Validar filas seleccionadas (sin importar)',
      'Reintentar filas con error',
      'Reenviar filas seleccionadas, aunque ya estén importadas',
      '—',
      'Gestionar bajas (consentimiento retirado)…',
      'Eliminar de BotPenguin los contactos seleccionados…',
      '—',
      'Exportar contactos de BotPenguin…',
      '—',
      'Abrir barra lateral',
      'Ayuda',
      'Comprobar esta instalación',
    ]);
    t.em.setUserLocale('es_419');
    expect(captions()[0]).toBe('Importar filas seleccionadas');
    t.em.setUserLocale('hi');
    expect(captions()).toEqual([
      'चुनी गई पंक्तियाँ इंपोर्ट करें',
      'सभी नई या बदली पंक्तियाँ इंपोर्ट करें',
      'चुनी गई पंक्तियाँ जाँचें (इंपोर्ट नहीं)',
      'विफल पंक्तियाँ दोबारा भेजें',
      'चुनी गई पंक्तियाँ फिर भेजें, पहले से इंपोर्ट होने पर भी',
      '—',
      'ऑप्ट-आउट संभालें (वापस ली गई सहमति)…',
      'चुने गए संपर्क BotPenguin से हटाएँ…',
      '—',
      'BotPenguin से संपर्क एक्सपोर्ट करें…',
      '—',
      'साइडबार खोलें',
      'सहायता',
      'इस इंस्टॉलेशन की जाँच करें',
    ]);
    t.em.setUserLocale('pt_BR');
    expect(captions()[3]).toBe('Tentar de novo as linhas com erro');
    t.em.setUserLocale('fr_CA');
    expect(captions()[3]).toBe('Relancer les lignes en échec');
  });

  it('are English for a language the add-on does not have (de), and for no locale', () => {
    speaking('de');
    expect(captions()).toEqual([
      'Import selected rows',
      'Import all new or changed rows',
      'Validate selected rows (no import)',
      'Retry failed rows',
      'Re-send selected rows, even if already imported',
      '—',
      'Handle opt-outs (withdrawn consent)…',
      'Remove selected contacts from BotPenguin…',
      '—',
      'Export contacts from BotPenguin…',
      '—',
      'Open sidebar',
      'Help',
      'Check this installation',
    ]);
    t.em.setUserLocale('');
    expect(captions()[12]).toBe('Help');
  });
});

describe('an import from the menu', () => {
  it('in Spanish: the toast, and Details sentences; status words stay English', async () => {
    const em = speaking('es');
    loadSheet(em, [HEADERS, ...GOOD]);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    em.run('menuImportSelected');
    expect(em.ui.toasts.map((toast) => toast.message)).toEqual(['Se importaron 2 filas en BotPenguin.']);
    const rows = statuses(em);
    expect(rows.map((r) => r.status)).toEqual(['Imported', 'Imported']);
    expect(rows[0].details).toMatch(
      /^Importado 2025-01-06 09:00 como \+91 98765 43210 \(India\) · ref [0-9a-f]{6,}$/,
    );
    expect(await t.mock.contacts()).toHaveLength(2);
  });

  it('in Hindi: the alert naming invalid rows, and the Details reason of each', () => {
    const em = speaking('hi');
    loadSheet(em, [HEADERS, ...GOOD, ['Short', "'+91 12345", '', ''], ['Nobody', '', 'n@example.com', '']]);
    saveToken(em);
    em.user.select(SHEET, ['A2:A5']);
    em.run('menuImportSelected');
    expect(em.ui.toasts).toHaveLength(0);
    expect(em.ui.alerts.map((alert) => alert.prompt)).toEqual([
      'BotPenguin में 2 पंक्तियाँ इंपोर्ट हुईं। 2 पंक्तियाँ Invalid हैं; BotPenguin Status कॉलम देखें।',
    ]);
    const rows = statuses(em);
    expect(rows.map((r) => r.status)).toEqual(['Imported', 'Imported', 'Invalid', 'Invalid']);
    expect(rows[0].details).toMatch(
      /^2025-01-06 09:00 को \+91 98765 43210 \(भारत\) के रूप में इंपोर्ट · ref [0-9a-f]+$/,
    );
    expect(rows[2].details).toBe(
      'फ़ोन: +91 12345 भारत (IN) के लिए बहुत छोटा है। पंक्ति ठीक करें, फिर दोबारा इंपोर्ट करें। (2025-01-06 09:00)',
    );
    expect(rows[3].details).toBe(
      'फ़ोन नंबर नहीं है: WhatsApp संपर्कों के लिए नंबर ज़रूरी है। पंक्ति ठीक करें, फिर दोबारा इंपोर्ट करें। (2025-01-06 09:00)',
    );
  });

  it('in an unknown language (de): English', () => {
    const em = speaking('de');
    loadSheet(em, [HEADERS, ...GOOD]);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    em.run('menuImportSelected');
    expect(em.ui.toasts.map((toast) => toast.message)).toEqual(['Imported 2 rows into BotPenguin.']);
    expect(statuses(em)[0].details).toMatch(
      /^Imported 2025-01-06 09:00 as \+91 98765 43210 \(India\) · ref /,
    );
  });
});

describe('a sheet shared by people with different languages', () => {
  it('imported in Spanish, then re-imported in Hindi: unchanged rows are left alone, an edited one is sent again', async () => {
    const em = speaking('es');
    loadSheet(em, [HEADERS, ...GOOD]);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    em.run('menuImportSelected');
    const spanish = statuses(em).map((r) => r.details);
    await t.mock.reset();
    await t.mock.configure({ faults: [], invalidPhones: [], maxBatch: null });

    em.setUserLocale('hi');
    em.run('menuImportAll');
    // Nothing changed: nothing sent, and the Spanish records stay as they were.
    expect(await t.mock.contacts()).toHaveLength(0);
    expect(statuses(em).map((r) => r.details)).toEqual(spanish);

    em.user.setValues(SHEET, 'D3', [['lead, vip']]);
    em.run('menuImportAll');
    expect(await t.mock.contacts()).toHaveLength(1);
    const rows = statuses(em);
    expect(rows[0].details).toBe(spanish[0]);
    expect(rows[1].details).toMatch(/ के रूप में इंपोर्ट · ref /);
  });

  it('a phone changed after a French import is held back in Spanish with the French record kept', () => {
    const em = speaking('fr');
    loadSheet(em, [HEADERS, ...GOOD]);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    em.run('menuImportSelected');
    const french = statuses(em)[0].details;
    expect(french).toMatch(/^Importé le 2025-01-06 09:00 comme \+91 98765 43210 \(Inde\) · réf /);

    em.setUserLocale('es');
    em.user.setValues(SHEET, 'B2', [["'+91 98765 49999"]]);
    em.run('menuImportAll');
    const row = statuses(em)[0];
    expect(row.status).toBe('Phone changed');
    expect(row.details).toBe(
      `El teléfono cambió desde la importación: antes +91 98765 43210, ahora +91 98765 49999 (India) — usa Reenviar para importarlo como un contacto nuevo · último: ${french} (2025-01-06 09:00)`,
    );
  });

  it('rows left Queued by a Spanish run are sent by a Portuguese Retry', async () => {
    const em = speaking('es');
    loadSheet(em, [HEADERS, ...GOOD]);
    saveToken(em);
    // The first request fails for good: both rows end Failed, with a Spanish sentence.
    await t.mock.configure({
      faults: [{ match: { path: '/inbox/users/import' }, effect: { kind: 'status', status: 400 } }],
    });
    em.user.select(SHEET, ['A2:A3']);
    em.run('menuImportSelected');
    const first = statuses(em);
    expect(countBy(first, (r) => r.status)).toEqual({ Failed: 2 });
    // BotPenguin named the problem: fix the row, then retry.
    expect(first[0].details).toContain(
      'Corrige en esta fila lo que indicó BotPenguin y elige Reintentar filas con error',
    );
    expect(em.ui.alerts[0].prompt).toContain('2 filas quedaron Failed');

    await t.mock.configure({ faults: [] });
    em.setUserLocale('pt_BR');
    em.run('menuRetryFailed');
    expect(countBy(statuses(em), (r) => r.status)).toEqual({ Imported: 2 });
    expect(statuses(em)[0].details).toMatch(/^Importado 2025-01-06 09:00 como \+91 98765 43210/);
    expect(em.ui.toasts.at(-1)?.message).toBe('2 linhas importadas para o BotPenguin.');
  });
});

describe('Help', () => {
  it('speaks the user language, keeps the status words and says why', () => {
    const em = speaking('es');
    em.run('menuHelp');
    const dialog = em.ui.dialogs[0];
    expect(dialog.title).toBe('BotPenguin Contacts: ayuda');
    expect(dialog.html).toContain('<html lang="es">');
    expect(dialog.html).toContain('Imported, Invalid, Failed, Skipped o Queued');
    expect(dialog.html).toContain('Las palabras de estado quedan en inglés en todos los idiomas');
    expect(dialog.html).toContain('Los contactos se envían a: <code>https://api-v7.express-chat.com/</code>');
  });
});

describe('the sidebar learns the language from getSettings', () => {
  it('opens in the user language: Open sidebar sets the page language', () => {
    const em = speaking('es');
    em.run('menuOpenSidebar');
    expect(em.ui.sidebars[0].html).toContain('<html lang="es">');
    // The page carries English; Open sidebar puts in the user's language's sidebar words.
    expect(em.ui.sidebars[0].html).toContain('"Selección"');
    expect(em.ui.sidebars[0].html).not.toContain('sidebar.selection.title');
    // And its country names, for the default-country list (the page has English's).
    expect(em.ui.sidebars[0].html).toContain('"DE":"Alemania"');
    em.setUserLocale('de');
    em.run('menuOpenSidebar');
    expect(em.ui.sidebars[1].html).toContain('<html lang="en">');
    expect(em.ui.sidebars[1].html).toContain('{"language":"en","words":{},"regions":{}}');
    expect(em.ui.sidebars[1].html).not.toContain('"Selección"');
  });

  it('is told es-419 → es, pt_BR → pt-BR, de → en', () => {
    for (const [locale, language] of [
      ['es_419', 'es'],
      ['pt_BR', 'pt-BR'],
      ['hi', 'hi'],
      ['de', 'en'],
    ]) {
      const em = speaking(locale);
      expect((em.scriptRun('getSettings') as { language: string }).language).toBe(language);
    }
  });
});

describe('a Failed row', () => {
  /** Ravi's number as the mock knows it: BotPenguin refuses it in its own (English) words. */
  const REFUSED = '919876543211';
  const SAID =
    'Validation failed: [0] profile.userDetails.contact.phone is not a valid WhatsApp number (919876543211)';
  const AT = '2025-01-06 09:00';

  /** Everything but BotPenguin's own words is in the user's language. */
  const REFUSED_DETAILS: Record<string, string> = {
    en: `BotPenguin rejected this contact: ${SAID}. Fix what BotPenguin named in this row, then choose Retry failed rows (${AT})`,
    es: `BotPenguin rechazó este contacto: ${SAID}. Corrige en esta fila lo que indicó BotPenguin y elige Reintentar filas con error (${AT})`,
    pt_BR: `O BotPenguin recusou este contato: ${SAID}. Corrija nesta linha o que o BotPenguin apontou e escolha Tentar de novo as linhas com erro (${AT})`,
    fr: `BotPenguin a refusé ce contact : ${SAID}. Corrigez dans cette ligne ce que BotPenguin a signalé, puis choisissez Relancer les lignes en échec (${AT})`,
    hi: `BotPenguin ने इस संपर्क को अस्वीकार किया: ${SAID}। BotPenguin ने जो बताया उसे इस पंक्ति में ठीक करें, फिर विफल पंक्तियाँ दोबारा भेजें चुनें (${AT})`,
  };

  const GAVE_UP_DETAILS: Record<string, string> = {
    en: `BotPenguin had a server error (502: Bad Gateway); gave up after 4 attempts. Choose Retry failed rows to try again (${AT})`,
    es: `BotPenguin tuvo un error de servidor (502: Bad Gateway); se abandonó tras 4 intentos. Elige Reintentar filas con error para volver a intentarlo (${AT})`,
    pt_BR: `O BotPenguin teve um erro de servidor (502: Bad Gateway); desistiu após 4 tentativas. Escolha Tentar de novo as linhas com erro para repetir (${AT})`,
    fr: `BotPenguin a eu une erreur serveur (502 : Bad Gateway) ; abandon après 4 tentatives. Choisissez Relancer les lignes en échec pour réessayer (${AT})`,
    hi: `BotPenguin में सर्वर त्रुटि हुई (502: Bad Gateway); 4 कोशिशों के बाद छोड़ दिया। फिर से आज़माने के लिए विफल पंक्तियाँ दोबारा भेजें चुनें (${AT})`,
  };

  it.each(Object.keys(REFUSED_DETAILS))('reads in %s when BotPenguin refused it', async (locale) => {
    const em = speaking(locale);
    await t.mock.configure({ invalidPhones: [REFUSED] });
    loadSheet(em, [HEADERS, ...GOOD]);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    em.run('menuImportSelected');
    const rows = statuses(em);
    expect(rows.map((r) => r.status)).toEqual(['Imported', 'Failed']);
    expect(rows[1].details).toBe(REFUSED_DETAILS[locale]);
  });

  it.each(Object.keys(GAVE_UP_DETAILS))('reads in %s when BotPenguin kept failing', async (locale) => {
    const em = speaking(locale);
    await t.mock.configure({ faults: [{ effect: { kind: 'status', status: 502 } }] });
    loadSheet(em, [HEADERS, GOOD[0]]);
    saveToken(em);
    em.user.select(SHEET, ['A2']);
    em.run('menuImportSelected');
    const [row] = statuses(em);
    expect(row.status).toBe('Failed');
    expect(row.details).toBe(GAVE_UP_DETAILS[locale]);
  });
});
