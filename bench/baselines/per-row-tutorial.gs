/**
 * Baseline: the loop common Apps Script tutorials teach. For each row: read its cells one by one,
 * send it, write its status cell. A row already Imported is skipped, so running it again after
 * the 6-minute limit stopped it carries on.
 * Columns: A Name, B Phone, C Email, D Tags; the status goes to E.
 */
const API_URL = 'https://api-v7.express-chat.com/inbox/users/import';
const COUNTRY_CODE = '91';
const STATUS_COLUMN = 5;

// biome-ignore lint/correctness/noUnusedVariables: a top-level function a user runs from the Apps Script editor
function importContactsRowByRow() {
  const token = PropertiesService.getScriptProperties().getProperty('BOTPENGUIN_TOKEN');
  const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Contacts');
  const lastRow = sheet.getLastRow();
  sheet.getRange(1, STATUS_COLUMN).setValue('Status');
  for (let row = 2; row <= lastRow; row++) {
    if (sheet.getRange(row, STATUS_COLUMN).getValue() === 'Imported') continue;
    const name = sheet.getRange(row, 1).getValue();
    const phone = sheet.getRange(row, 2).getValue();
    const email = sheet.getRange(row, 3).getValue();
    const tags = sheet.getRange(row, 4).getValue();
    const digits = String(phone).replace(/\D/g, '');
    const payload = [
      {
        profile: {
          userDetails: {
            userProvidedName: String(name),
            contact: {
              email: String(email),
              phone: { prefix: COUNTRY_CODE, number: digits.slice(COUNTRY_CODE.length) },
            },
            tags: String(tags)
              .split(',')
              .map((t) => t.trim())
              .filter(String),
            attributes: [],
          },
        },
      },
    ];
    const response = UrlFetchApp.fetch(API_URL, {
      method: 'post',
      contentType: 'application/json',
      headers: { Authorization: 'Bearer ' + token, authtype: 'Key' },
      payload: JSON.stringify(payload),
      muteHttpExceptions: true,
    });
    const status = response.getResponseCode() === 200 ? 'Imported' : 'Failed ' + response.getResponseCode();
    sheet.getRange(row, STATUS_COLUMN).setValue(status);
  }
}
