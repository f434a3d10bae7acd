/** Small text helpers for counts and times; counts and tag lists follow the server's rules. */
import { cleanTags } from '../shared/text';

export { formatNumber as formatCount } from '../shared/i18n';

/** "0:07", "2:05", "1:02:09": a clock is easier to scan than "125 s" while it ticks. */
export function clock(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "newsletter, sheets" ⇄ ["newsletter", "sheets"], dropping blanks and repeats. */
export function parseTags(text: string): string[] {
  return cleanTags(text.split(','));
}
