import { currentLanguage, type Language, regionNamesOf } from '../shared/i18n';

/**
 * English names of the regions libphonenumber-js knows, for the Country column and messages
 * ("not a valid number for United Kingdom (GB)"). A literal table rather than Intl.DisplayNames:
 * Apps Script's V8 does not promise full ICU data, and the table is about 4 KB. The other
 * languages' names are files read only by their users (src/i18n/regions/, regionName).
 */
export const REGION_NAMES: Readonly<Record<string, string>> = {
  AC: 'Ascension Island',
  AD: 'Andorra',
  AE: 'United Arab Emirates',
  AF: 'Afghanistan',
  AG: 'Antigua & Barbuda',
  AI: 'Anguilla',
  AL: 'Albania',
  AM: 'Armenia',
  AO: 'Angola',
  AR: 'Argentina',
  AS: 'American Samoa',
  AT: 'Austria',
  AU: 'Australia',
  AW: 'Aruba',
  AX: 'Åland Islands',
  AZ: 'Azerbaijan',
  BA: 'Bosnia & Herzegovina',
  BB: 'Barbados',
  BD: 'Bangladesh',
  BE: 'Belgium',
  BF: 'Burkina Faso',
  BG: 'Bulgaria',
  BH: 'Bahrain',
  BI: 'Burundi',
  BJ: 'Benin',
  BL: 'St. Barthélemy',
  BM: 'Bermuda',
  BN: 'Brunei',
  BO: 'Bolivia',
  BQ: 'Caribbean Netherlands',
  BR: 'Brazil',
  BS: 'Bahamas',
  BT: 'Bhutan',
  BW: 'Botswana',
  BY: 'Belarus',
  BZ: 'Belize',
  CA: 'Canada',
  CC: 'Cocos (Keeling) Islands',
  CD: 'Congo - Kinshasa',
  CF: 'Central African Republic',
  CG: 'Congo - Brazzaville',
  CH: 'Switzerland',
  CI: 'Côte d’Ivoire',
  CK: 'Cook Islands',
  CL: 'Chile',
  CM: 'Cameroon',
  CN: 'China',
  CO: 'Colombia',
  CR: 'Costa Rica',
  CU: 'Cuba',
  CV: 'Cape Verde',
  CW: 'Curaçao',
  CX: 'Christmas Island',
  CY: 'Cyprus',
  CZ: 'Czechia',
  DE: 'Germany',
  DJ: 'Djibouti',
  DK: 'Denmark',
  DM: 'Dominica',
  DO: 'Dominican Republic',
  DZ: 'Algeria',
  EC: 'Ecuador',
  EE: 'Estonia',
  EG: 'Egypt',
  EH: 'Western Sahara',
  ER: 'Eritrea',
  ES: 'Spain',
  ET: 'Ethiopia',
  FI: 'Finland',
  FJ: 'Fiji',
  FK: 'Falkland Islands',
  FM: 'Micronesia',
  FO: 'Faroe Islands',
  FR: 'France',
  GA: 'Gabon',
  GB: 'United Kingdom',
  GD: 'Grenada',
  GE: 'Georgia',
  GF: 'French Guiana',
  GG: 'Guernsey',
  GH: 'Ghana',
  GI: 'Gibraltar',
  GL: 'Greenland',
  GM: 'Gambia',
  GN: 'Guinea',
  GP: 'Guadeloupe',
  GQ: 'Equatorial Guinea',
  GR: 'Greece',
  GT: 'Guatemala',
  GU: 'Guam',
  GW: 'Guinea-Bissau',
  GY: 'Guyana',
  HK: 'Hong Kong',
  HN: 'Honduras',
  HR: 'Croatia',
  HT: 'Haiti',
  HU: 'Hungary',
  ID: 'Indonesia',
  IE: 'Ireland',
  IL: 'Israel',
  IM: 'Isle of Man',
  IN: 'India',
  IO: 'British Indian Ocean Territory',
  IQ: 'Iraq',
  IR: 'Iran',
  IS: 'Iceland',
  IT: 'Italy',
  JE: 'Jersey',
  JM: 'Jamaica',
  JO: 'Jordan',
  JP: 'Japan',
  KE: 'Kenya',
  KG: 'Kyrgyzstan',
  KH: 'Cambodia',
  KI: 'Kiribati',
  KM: 'Comoros',
  KN: 'St. Kitts & Nevis',
  KP: 'North Korea',
  KR: 'South Korea',
  KW: 'Kuwait',
  KY: 'Cayman Islands',
  KZ: 'Kazakhstan',
  LA: 'Laos',
  LB: 'Lebanon',
  LC: 'St. Lucia',
  LI: 'Liechtenstein',
  LK: 'Sri Lanka',
  LR: 'Liberia',
  LS: 'Lesotho',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  LV: 'Latvia',
  LY: 'Libya',
  MA: 'Morocco',
  MC: 'Monaco',
  MD: 'Moldova',
  ME: 'Montenegro',
  MF: 'St. Martin',
  MG: 'Madagascar',
  MH: 'Marshall Islands',
  MK: 'North Macedonia',
  ML: 'Mali',
  MM: 'Myanmar',
  MN: 'Mongolia',
  MO: 'Macao',
  MP: 'Northern Mariana Islands',
  MQ: 'Martinique',
  MR: 'Mauritania',
  MS: 'Montserrat',
  MT: 'Malta',
  MU: 'Mauritius',
  MV: 'Maldives',
  MW: 'Malawi',
  MX: 'Mexico',
  MY: 'Malaysia',
  MZ: 'Mozambique',
  NA: 'Namibia',
  NC: 'New Caledonia',
  NE: 'Niger',
  NF: 'Norfolk Island',
  NG: 'Nigeria',
  NI: 'Nicaragua',
  NL: 'Netherlands',
  NO: 'Norway',
  NP: 'Nepal',
  NR: 'Nauru',
  NU: 'Niue',
  NZ: 'New Zealand',
  OM: 'Oman',
  PA: 'Panama',
  PE: 'Peru',
  PF: 'French Polynesia',
  PG: 'Papua New Guinea',
  PH: 'Philippines',
  PK: 'Pakistan',
  PL: 'Poland',
  PM: 'St. Pierre & Miquelon',
  PR: 'Puerto Rico',
  PS: 'Palestinian Territories',
  PT: 'Portugal',
  PW: 'Palau',
  PY: 'Paraguay',
  QA: 'Qatar',
  RE: 'Réunion',
  RO: 'Romania',
  RS: 'Serbia',
  RU: 'Russia',
  RW: 'Rwanda',
  SA: 'Saudi Arabia',
  SB: 'Solomon Islands',
  SC: 'Seychelles',
  SD: 'Sudan',
  SE: 'Sweden',
  SG: 'Singapore',
  SH: 'St. Helena',
  SI: 'Slovenia',
  SJ: 'Svalbard & Jan Mayen',
  SK: 'Slovakia',
  SL: 'Sierra Leone',
  SM: 'San Marino',
  SN: 'Senegal',
  SO: 'Somalia',
  SR: 'Suriname',
  SS: 'South Sudan',
  ST: 'São Tomé & Príncipe',
  SV: 'El Salvador',
  SX: 'Sint Maarten',
  SY: 'Syria',
  SZ: 'Eswatini',
  TA: 'Tristan da Cunha',
  TC: 'Turks & Caicos Islands',
  TD: 'Chad',
  TG: 'Togo',
  TH: 'Thailand',
  TJ: 'Tajikistan',
  TK: 'Tokelau',
  TL: 'Timor-Leste',
  TM: 'Turkmenistan',
  TN: 'Tunisia',
  TO: 'Tonga',
  TR: 'Türkiye',
  TT: 'Trinidad & Tobago',
  TV: 'Tuvalu',
  TW: 'Taiwan',
  TZ: 'Tanzania',
  UA: 'Ukraine',
  UG: 'Uganda',
  US: 'United States',
  UY: 'Uruguay',
  UZ: 'Uzbekistan',
  VA: 'Vatican City',
  VC: 'St. Vincent & Grenadines',
  VE: 'Venezuela',
  VG: 'British Virgin Islands',
  VI: 'U.S. Virgin Islands',
  VN: 'Vietnam',
  VU: 'Vanuatu',
  WF: 'Wallis & Futuna',
  WS: 'Samoa',
  XK: 'Kosovo',
  YE: 'Yemen',
  YT: 'Mayotte',
  ZA: 'South Africa',
  ZM: 'Zambia',
  ZW: 'Zimbabwe',
};

/** Other names people write in a Country column: English variants plus Spanish, Portuguese and French. */
const REGION_ALIASES: Readonly<Record<string, readonly string[]>> = {
  US: [
    'USA',
    'U.S.A.',
    'US',
    'United States of America',
    'America',
    'Estados Unidos',
    'EEUU',
    'EUA',
    'États-Unis',
  ],
  GB: [
    'UK',
    'U.K.',
    'Great Britain',
    'Britain',
    'England',
    'Scotland',
    'Wales',
    'Northern Ireland',
    'Reino Unido',
    'Royaume-Uni',
  ],
  AE: ['UAE', 'U.A.E.', 'Emiratos Árabes Unidos', 'Émirats arabes unis', 'Emirados Árabes Unidos'],
  IN: ['Bharat', 'Inde', 'Índia'],
  ES: ['España', 'Espagne', 'Espanha'],
  BR: ['Brasil', 'Brésil'],
  MX: ['México', 'Mexique'],
  DE: ['Deutschland', 'Alemania', 'Alemanha', 'Allemagne'],
  FR: ['Francia', 'França'],
  IT: ['Italia', 'Itália', 'Italie'],
  NL: ['Holland', 'The Netherlands', 'Países Bajos', 'Pays-Bas', 'Holanda', 'Países Baixos'],
  BE: ['Bélgica', 'Belgique'],
  CH: ['Suiza', 'Suisse', 'Suíça', 'Schweiz'],
  AT: ['Österreich', 'Autriche', 'Áustria'],
  TR: ['Turkey', 'Turquía', 'Turquie', 'Turquia'],
  CZ: ['Czech Republic'],
  KR: ['Korea', 'Republic of Korea', 'Corea del Sur', 'Corée du Sud', 'Coreia do Sul'],
  KP: ['DPRK'],
  CI: ['Ivory Coast', "Cote d'Ivoire", 'Costa de Marfil'],
  CV: ['Cabo Verde'],
  SZ: ['Swaziland'],
  MK: ['Macedonia'],
  RU: ['Russian Federation', 'Rusia', 'Russie', 'Rússia'],
  CN: ['Chine'],
  JP: ['Japón', 'Japon', 'Japão'],
  HK: ['Hong Kong'],
  MO: ['Macau', 'Macao'],
  CD: ['DR Congo', 'DRC', 'Democratic Republic of the Congo'],
  CG: ['Republic of the Congo', 'Congo'],
  VN: ['Viet Nam'],
  PS: ['Palestine'],
  SA: ['KSA', 'Arabia Saudita', 'Arabie saoudite', 'Arábia Saudita'],
  AR: ['Argentine'],
  CO: ['Colombie', 'Colômbia'],
  PE: ['Perú', 'Pérou'],
  CL: ['Chili'],
  ZA: ['Sudáfrica', 'Afrique du Sud', 'África do Sul'],
  MA: ['Marruecos', 'Maroc', 'Marrocos'],
  DZ: ['Algérie', 'Argelia', 'Argélia'],
  TN: ['Tunisie', 'Túnez', 'Tunísia'],
  EG: ['Egipto', 'Égypte', 'Egito'],
  CA: ['Canadá'],
  AU: ['Australie', 'Austrália'],
  IE: ['Irlanda', 'Irlande'],
  PL: ['Polonia', 'Pologne', 'Polônia'],
  GR: ['Grecia', 'Grèce', 'Grécia'],
  SE: ['Suecia', 'Suède', 'Suécia'],
  DK: ['Dinamarca', 'Danemark'],
  NO: ['Noruega', 'Norvège'],
  FI: ['Finlandia', 'Finlande', 'Finlândia'],
  DO: ['República Dominicana', 'République dominicaine'],
  EC: ['Équateur', 'Equador'],
  BO: ['Bolivie', 'Bolívia'],
  SN: ['Sénégal'],
  CM: ['Cameroun', 'Camerún', 'Camarões'],
  PH: ['Filipinas'],
  ID: ['Indonésie', 'Indonésia'],
  PK: ['Pakistán', 'Paquistão'],
  LK: ['Ceylon'],
  MM: ['Burma'],
  TL: ['East Timor'],
  VA: ['Holy See', 'Vatican'],
  LA: ['Lao'],
  SY: ['Syrie', 'Siria', 'Síria'],
  IQ: ['Irak', 'Iraque'],
  JO: ['Jordania', 'Jordanie', 'Jordânia'],
  LB: ['Líbano', 'Liban'],
  IL: ['Israël'],
  SG: ['Singapur', 'Singapour', 'Singapura'],
  MY: ['Malasia', 'Malaisie', 'Malásia'],
  TH: ['Tailandia', 'Thaïlande', 'Tailândia'],
  NZ: ['Nueva Zelanda', 'Nouvelle-Zélande', 'Nova Zelândia'],
  PT: ['Portugal'],
};

/**
 * ISO 3166-1 alpha-3 codes ("DEU", "USA"), as shops, ERPs and form tools write a country: each
 * token is the two-letter region followed by its three-letter code ("DEDEU"). From the officially
 * assigned codes (https://en.wikipedia.org/wiki/ISO_3166-1_alpha-3); AC, TA and XK have none.
 */
const ALPHA3_CODES =
  'ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE ' +
  'BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA ' +
  'BSBHS BTBTN BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR ' +
  'CNCHN COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ' +
  'ECECU EEEST EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR ' +
  'GDGRD GEGEO GFGUF GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GTGTM GUGUM GWGNB ' +
  'GYGUY HKHKG HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ' +
  'ITITA JEJEY JMJAM JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM ' +
  'KZKAZ LALAO LBLBN LCLCA LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA ' +
  'MEMNE MFMAF MGMDG MHMHL MKMKD MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS ' +
  'MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU ' +
  'NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG PHPHL PKPAK PLPOL PMSPM PRPRI PSPSE PTPRT PWPLW ' +
  'PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN ' +
  'SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD ' +
  'TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA ' +
  'USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ' +
  'ZMZMB ZWZWE';

/** Lower-case, accents removed, '&' read as 'and'. */
function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and');
}

/** Folded, everything but ASCII letters and digits dropped (header words). */
export function compactText(text: string): string {
  return folded(text).replace(/[^a-z0-9]+/g, '');
}

/** As compactText, keeping the letters of every script, so that "जर्मनी" is a name too. */
function compactName(text: string): string {
  return folded(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

const regionIndexes = new Map<Language, Map<string, string>>();

/** Region codes by name: English's, the aliases, ISO alpha-3, then the language's own names. */
function regionIndexOf(language: Language): Map<string, string> {
  const known = regionIndexes.get(language);
  if (known) return known;
  const index = new Map<string, string>();
  const add = (name: string, region: string) => {
    const key = compactName(name);
    if (key && !index.has(key)) index.set(key, region);
  };
  for (const region of Object.keys(REGION_NAMES)) {
    const name = REGION_NAMES[region];
    add(name, region);
    // CLDR writes "St. Lucia"; sheets often say "Saint Lucia".
    if (name.startsWith('St. ')) add('Saint ' + name.slice(4), region);
  }
  for (const region of Object.keys(REGION_ALIASES)) {
    for (const alias of REGION_ALIASES[region]) add(alias, region);
  }
  for (const token of ALPHA3_CODES.split(' ')) add(token.slice(2), token.slice(0, 2));
  const local = language === 'en' ? {} : regionNamesOf(language);
  for (const region of Object.keys(local)) add(local[region], region);
  // A language whose names could not be read now is indexed again next time.
  if (language === 'en' || Object.keys(local).length > 0) regionIndexes.set(language, index);
  return index;
}

/**
 * The ISO 3166 region for a two- or three-letter code ("in", "GB", "DEU") or a country name
 * ("India", "Reino Unido", or any name in the user's language), or null when the text names no
 * region libphonenumber-js knows. The answer depends on the language set by useLanguage().
 */
export function regionFromText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length === 2) {
    const code = trimmed.toUpperCase();
    if (REGION_NAMES[code] !== undefined) return code;
  }
  return regionIndexOf(currentLanguage()).get(compactName(trimmed)) ?? null;
}

/** A region's name in the user's language ("Alemania"), English's when it has none. */
export function regionName(region: string): string | undefined {
  return regionNamesOf(currentLanguage())[region] ?? REGION_NAMES[region];
}

/** "India (IN)" for messages, in the user's language; the bare code when no name is known. */
export function describeRegion(region: string): string {
  const name = regionName(region);
  return name ? `${name} (${region})` : region;
}
