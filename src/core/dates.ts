/**
 * The whole-minute rule for formatting dates: since 1973 every time zone's offset is whole
 * minutes, so a minute of UTC reads the same throughout, on every clock. Date cells repeat their
 * days (a signup-date column), so a day's text is made once per minute, not once per cell.
 */
import type { DateFormatter } from './fields';

const MINUTE_MS = 60_000;
/** Since 1972 every zone's offset is whole minutes (Monrovia's −0:44:30 was the last that was not). */
const WHOLE_MINUTE_OFFSETS_SINCE = Date.UTC(1973, 0, 1) / MINUTE_MS;

/** The date's minute of UTC, or null when a clock somewhere may have cut it (before 1973). */
export function wholeMinuteOf(date: Date): number | null {
  const minute = Math.floor(date.getTime() / MINUTE_MS);
  return minute >= WHOLE_MINUTE_OFFSETS_SINCE ? minute : null;
}

/** `formatDay` (a date → its day's text in one zone) made once per minute of UTC it is asked for. */
export function dayPerMinute(formatDay: DateFormatter): DateFormatter {
  const days = new Map<number, string>();
  return (date) => {
    const minute = wholeMinuteOf(date);
    let day = minute === null ? undefined : days.get(minute);
    if (day === undefined) {
      day = formatDay(date);
      if (minute !== null) days.set(minute, day);
    }
    return day;
  };
}
