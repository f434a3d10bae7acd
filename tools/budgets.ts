/**
 * Size budget of the Apps Script bundle, checked by the bundle test and reported by the benchmark.
 * Every execution parses all of dist/Code.js; 82 KB of it is libphonenumber's smallest metadata.
 * The budget grew from 200 KB when export, automatic import, the run log and the languages came.
 */
export const CODE_JS_BUDGET_BYTES = 320 * 1024;
