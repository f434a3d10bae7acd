/** Builds dist/ once before any test file runs, so every test exercises the current bundle. */
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { build } from '../../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await build();
}
