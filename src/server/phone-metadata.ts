/**
 * Apps Script's stand-in for src/core/phone-metadata.ts (swapped in by scripts/build.mjs): the
 * phone metadata is the file dist/phone-metadata.html, read with HtmlService the first time a phone
 * is read. It is the same for every user, so keeping it if module state survives (main.ts `entry`)
 * is safe.
 */
import type { MetadataJson } from 'libphonenumber-js/core';

export const PHONE_METADATA_FILE = 'phone-metadata';

let metadata: MetadataJson | null = null;

export function phoneMetadata(): MetadataJson {
  metadata ??= JSON.parse(
    HtmlService.createHtmlOutputFromFile(PHONE_METADATA_FILE).getContent(),
  ) as MetadataJson;
  return metadata;
}
