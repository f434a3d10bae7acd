/**
 * libphonenumber's `min` metadata (80 KB), the one way core reaches it. Here, in Node (tests, the
 * bench, tools), it is the package's own. The Apps Script build puts src/server/phone-metadata.ts
 * in this module's place (scripts/build.mjs), which reads dist/phone-metadata.html the first time
 * an execution reads a phone, so executions that read none (onOpen, settings, the sidebar's polls)
 * do not parse it.
 */
import type { MetadataJson } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';

export const phoneMetadata = (): MetadataJson => metadata;
