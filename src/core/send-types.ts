/**
 * What the sender and its narrowing share: the items they send and what became of each. Kept apart
 * so that neither module imports the other (narrowing.ts is the sender's queue; sender.ts drives it).
 * Platform-free: no sentences here either — a failure is data, and the words are made where Details
 * are written (status-details.ts, from the catalogues).
 */

export interface SendItem {
  id: number;
  /** The profile's JSON text. */
  json: string;
}

/**
 * Why a profile was not imported. `message` is what the answer said: BotPenguin's own words, or
 * the reading of the answer made by responses.ts.
 */
export type SendFailure =
  /** BotPenguin refused this profile alone (400/422): the row itself needs fixing. */
  | { kind: 'refused'; message: string }
  /** BotPenguin refused a batch holding it, and narrowing had no requests left to tell which. */
  | { kind: 'refusedBatch'; message: string }
  /** BotPenguin rejected the API token. */
  | { kind: 'token'; message: string }
  /** Retryable failures every time, `attempts` times. */
  | { kind: 'gaveUp'; message: string; attempts: number }
  /** BotPenguin asked to wait longer than the run may (Retry-After, in seconds). */
  | { kind: 'waitTooLong'; message: string; seconds: number }
  /** 413 for this profile alone. */
  | { kind: 'tooLarge'; message: string }
  /** Any other answer that was not a success. */
  | { kind: 'failed'; message: string };

export type ItemOutcome = { kind: 'imported' } | { kind: 'failed'; failure: SendFailure };

/** Profiles that failed together, as narrowing or the sender decided. */
export interface FailedItems {
  items: readonly SendItem[];
  failure: SendFailure;
}
