/**
 * Baseline: one request per contact, the way BotPenguin's n8n node and Pipedream's action send
 * contacts (one profile per call), written as an Apps Script: read the sheet once, one
 * UrlFetchApp.fetch per row, write every status once at the end.
 * Columns: A Name, B Phone, C Email, D Tags; the status goes to E.
 */
const API_URL = 'https://api-v7.express-chat.com/inbox/users/import';
const COUNTRY_CODE = '91';

// biome-ignore lint/correctness/noUnusedVariables: a top-level function a user runs from the Apps Script editor
function importContactsOneRequestEach() {
  const token = PropertiesService.getScriptProperties().getProperty('BOTPENGUIN_TOKEN');
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Contacts');
  const values = sheet.getDataRange().getValues();
  const statuses = [['Status']];
  for (let i = 1; i < values.length; i++) {
    const row = values[i];
    if (row[4] === 'Imported') {
      statuses.push(['Imported']);
      continue;
    }
    const digits = String(row[1]).replace(/\D/g, '');
    const profile = {
      profile: {
        userDetails: {
          userProvidedName: String(row[0]),
          contact: {
            email: String(row[2]),
            phone: { prefix: COUNTRY_CODE, number: digits.slice(COUNTRY_CODE.length) },
          },
          tags: String(row[3])
            .split(',')
            .map((t) => t.trim())
            .filter(String),
          attributes: [],
        },
      },
    };
    const response = UrlFetchApp.fetch(API_URL, {
      method: 'post',
      contentType: 'application/json',
      headers: { Authorization: 'Bearer ' + token, authtype: 'Key' },
      payload: JSON.stringify([profile]),
      muteHttpExceptions: true,
    });
    statuses.push([response.getResponseCode() === 200 ? 'Imported' : 'Failed ' + response.getResponseCode()]);
  }
  sheet.getRange(1, 5, statuses.length, 1).setValues(statuses);
}
