/**
 * Size budget of the Apps Script bundle, checked by the bundle test and reported by the benchmark.
 * Every execution parses all of dist/Code.js: 80 KB of it is libphonenumber's smallest metadata,
 * about 20 KB English's words. The other languages are files beside it (dist/i18n-*.html), read
 * only for their users (src/server/language.ts); issue 19's goal of 200 KB also needs the phone
 * metadata out of the parse of executions that read no phone, which is not done yet.
 */
// 292 KB as merged before issue 20; issue 20 (columns confirmed by their cells and explained, phone
// cells of several numbers, mobile-vs-fixed leading digits, one owner per number: mapping.ts,
// phone-cell.ts, number-kind.ts, row-plan.ts) adds about 11 KB.
export const CODE_JS_BUDGET_BYTES = 304 * 1024;
