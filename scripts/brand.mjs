// Reads and checks a brand file (brands/<id>.json): the one place a partner's names, colours,
// links and API hosts are defined. Every mistake gets its own sentence naming the field and the fix.
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_BRAND = 'brands/botpenguin.json';

const FIELD_NAMES = {
  '/id': 'id (the folder name under dist/)',
  '/addOnName': 'addOnName',
  '/menuTitle': 'menuTitle',
  '/sidebarTitle': 'sidebarTitle',
  '/serviceName': 'serviceName',
  '/tokenLocation': 'tokenLocation',
  '/statusHeader': 'statusHeader',
  '/detailsHeader': 'detailsHeader',
  '/colors/primary': 'colors.primary',
  '/colors/accent': 'colors.accent',
  '/links/help': 'links.help',
  '/links/support': 'links.support',
  '/links/privacy': 'links.privacy',
};

function fieldName(path) {
  if (FIELD_NAMES[path]) return FIELD_NAMES[path];
  const host = /^\/apiHosts\/(\d+)$/.exec(path);
  if (host) return `apiHosts[${host[1]}]`;
  return path ? path.slice(1).replace(/\//g, '.') : 'the brand file';
}

/** Why an API host entry is wrong, in the words a partner needs. */
function apiHostSentence(field, value) {
  if (typeof value !== 'string') return `${field} must be a text like "https://api.example.com/".`;
  if (!value.startsWith('https://'))
    return `${field} "${value}" must start with https:// (Apps Script fetches only HTTPS URLs).`;
  const rest = value.slice('https://'.length);
  if (!rest.includes('/'))
    return `${field} "${value}" has no path: end it with "/" (e.g. "${value}/"), as Apps Script's urlFetchWhitelist requires.`;
  if (!value.endsWith('/'))
    return `${field} "${value}" must end with "/" so the API paths can be appended to it.`;
  return `${field} "${value}" is not a plain host name (letters, digits, dots and dashes, no wildcard, no port).`;
}

function sentence(error) {
  const field = fieldName(error.instancePath);
  const value = error.data;
  switch (error.keyword) {
    case 'required':
      return `${fieldName(`${error.instancePath}/${error.params.missingProperty}`)} is missing: add it (see brands/botpenguin.json for an example).`;
    case 'additionalProperties':
      return `"${error.params.additionalProperty}" in ${fieldName(error.instancePath)} is not a brand setting: remove it or check its spelling.`;
    case 'type':
      return `${field} must be ${error.params.type === 'object' ? 'an object' : error.params.type === 'array' ? 'a list' : `a ${error.params.type}`}.`;
    case 'minItems':
      return `${field} must list at least one API host.`;
    case 'uniqueItems':
      return `${field} lists the same API host twice: keep one.`;
    case 'minLength':
      return `${field} is empty: give it a text.`;
    case 'maxLength':
      return `${field} is longer than ${error.params.limit} characters: shorten it.`;
    case 'pattern':
      if (field.startsWith('apiHosts[')) return apiHostSentence(field, value);
      if (field.startsWith('colors.'))
        return `${field} "${value}" is not a colour: write it as # and six hex digits, e.g. "#1a73e8".`;
      if (field === 'links.support')
        return `${field} "${value}" must be an https:// address or a mailto: address.`;
      if (field.startsWith('links.')) return `${field} "${value}" must be a full https:// address.`;
      if (field.startsWith('id'))
        return `${field} "${value}" may use only lowercase letters, digits and dashes (at most 40).`;
      return `${field} "${value}" must not start or end with spaces.`;
    default:
      return `${field}: ${error.message}.`;
  }
}

let validator;
async function validatorFor() {
  if (!validator) {
    const schema = JSON.parse(await readFile(join(root, 'brands', 'brand.schema.json'), 'utf8'));
    validator = new Ajv({ allErrors: true, strict: true, verbose: true }).compile(schema);
  }
  return validator;
}

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
export function contrastRatio(a, b) {
  const luminance = (hex) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG AA for normal text. */
const MIN_CONTRAST = 4.5;

/** Colours that pass the schema but would be unreadable: white text on primary, accent text on white. */
function colourProblems(colors) {
  const problems = [];
  const onPrimary = contrastRatio(colors.primary, '#ffffff');
  if (onPrimary < MIN_CONTRAST)
    problems.push(
      `colors.primary "${colors.primary}" is too light for the white text on buttons (contrast ${onPrimary.toFixed(2)}:1, needs ${MIN_CONTRAST}:1): choose a darker colour.`,
    );
  const accentOnWhite = contrastRatio(colors.accent, '#ffffff');
  if (accentOnWhite < MIN_CONTRAST)
    problems.push(
      `colors.accent "${colors.accent}" is too light to read on white (contrast ${accentOnWhite.toFixed(2)}:1, needs ${MIN_CONTRAST}:1): choose a darker colour.`,
    );
  return problems;
}

/** Every problem of a parsed brand, one sentence each; [] when it is fine. */
export async function brandProblems(brand) {
  const validate = await validatorFor();
  if (validate(brand)) return colourProblems(brand.colors);
  const problems = validate.errors.map(sentence);
  return [...new Set(problems)];
}

export class BrandError extends Error {}

/** Reads a brand file (path relative to the repo root or absolute) and checks it. */
export async function loadBrand(path = DEFAULT_BRAND) {
  const file = resolve(root, path);
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new BrandError(`Brand file ${path} cannot be read: check the path (brands/<name>.json).`);
  }
  let brand;
  try {
    brand = JSON.parse(text);
  } catch (error) {
    throw new BrandError(`Brand file ${path} is not valid JSON: ${error.message}.`);
  }
  const problems = await brandProblems(brand);
  if (problems.length)
    throw new BrandError(`Brand file ${path} has ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
  const { $schema: _schema, ...clean } = brand;
  return clean;
}

/** The brand file asked for on the command line (--brand <file>) or in BRAND, else the default. */
export function brandPathFrom(argv = process.argv.slice(2), env = process.env) {
  const index = argv.indexOf('--brand');
  if (index >= 0) {
    const value = argv[index + 1];
    if (!value || value.startsWith('--'))
      throw new BrandError('--brand needs a file: --brand brands/<name>.json');
    return { path: value, explicit: true };
  }
  const inline = argv.find((a) => a.startsWith('--brand='));
  if (inline) return { path: inline.slice('--brand='.length), explicit: true };
  if (env.BRAND) return { path: env.BRAND, explicit: true };
  return { path: DEFAULT_BRAND, explicit: false };
}
