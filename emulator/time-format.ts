/**
 * Java SimpleDateFormat patterns (as Utilities.formatDate takes them) rendered in any IANA zone
 * with Intl, independent of the machine's time zone.
 */

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function zonedParts(date: Date, timeZone: string): ZonedParts {
  const parts = formatterFor(timeZone).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const weekdayShort = get('weekday');
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS.findIndex((w) => w.startsWith(weekdayShort)),
  };
}

/** Offset of the zone from UTC at the given instant, in minutes (east positive). */
function zoneOffsetMinutes(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** The instant at which the wall clock in `timeZone` shows the given parts. */
export function zonedDateFromParts(
  parts: Omit<ZonedParts, 'weekday'> & { millisecond?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  let instant = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60000;
  // A second pass settles instants near a daylight-saving change.
  instant = guess - zoneOffsetMinutes(new Date(instant), timeZone) * 60000;
  return new Date(instant + (parts.millisecond ?? 0));
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function offsetText(minutes: number, style: 'Z' | 'X' | 'XXX' | 'z'): string {
  if (style === 'X' || style === 'XXX') {
    if (minutes === 0) return 'Z';
  }
  const sign = minutes < 0 ? '-' : '+';
  const hours = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const mins = pad(Math.abs(minutes) % 60, 2);
  if (style === 'Z') return `${sign}${hours}${mins}`;
  if (style === 'X') return `${sign}${hours}`;
  if (style === 'XXX') return `${sign}${hours}:${mins}`;
  return `GMT${sign}${hours}:${mins}`;
}

/** Renders `date` in `timeZone` with a SimpleDateFormat pattern. */
export function formatSimpleDate(date: Date, timeZone: string, pattern: string): string {
  const p = zonedParts(date, timeZone);
  const millis = ((date.getTime() % 1000) + 1000) % 1000;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
        continue;
      }
      const stop = end === -1 ? pattern.length : end;
      out += pattern.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (!/[a-zA-Z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let run = 1;
    while (pattern[i + run] === ch) run++;
    i += run;
    out += renderField(ch, run, p, millis, date, timeZone);
  }
  return out;
}

function renderField(
  ch: string,
  run: number,
  p: ZonedParts,
  millis: number,
  date: Date,
  timeZone: string,
): string {
  switch (ch) {
    case 'y':
      return run === 2 ? pad(p.year % 100, 2) : pad(p.year, run);
    case 'M':
      if (run >= 4) return MONTHS[p.month - 1];
      if (run === 3) return MONTHS[p.month - 1].slice(0, 3);
      return pad(p.month, run);
    case 'd':
      return pad(p.day, run);
    case 'H':
      return pad(p.hour, run);
    case 'k':
      return pad(p.hour === 0 ? 24 : p.hour, run);
    case 'h':
      return pad(p.hour % 12 === 0 ? 12 : p.hour % 12, run);
    case 'K':
      return pad(p.hour % 12, run);
    case 'm':
      return pad(p.minute, run);
    case 's':
      return pad(p.second, run);
    case 'S':
      return pad(millis, 3).slice(0, Math.max(run, 3));
    case 'a':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'E':
      return run >= 4 ? WEEKDAYS[p.weekday] : WEEKDAYS[p.weekday].slice(0, 3);
    case 'u':
      return String(p.weekday === 0 ? 7 : p.weekday);
    case 'Z':
      return offsetText(zoneOffsetMinutes(date, timeZone), 'Z');
    case 'X':
      return offsetText(zoneOffsetMinutes(date, timeZone), run >= 3 ? 'XXX' : 'X');
    case 'z':
      return zoneAbbreviation(date, timeZone);
    default:
      throw new Error(`Illegal pattern character '${ch}'`);
  }
}

function zoneAbbreviation(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(date);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? offsetText(0, 'z');
}
