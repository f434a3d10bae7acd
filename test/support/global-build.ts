/**
 * Builds dist/ (the default brand) and dist/acme/ (the example partner) once before any test file
 * runs, so every test exercises the current bundles.
 */
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { build } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await build();
  await build({ brandPath: 'brands/acme.json' });
}
