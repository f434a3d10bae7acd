import { afterEach } from 'vitest';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../emulator/index';

/**
 * Returns a function that loads an inline bundle source into a fresh emulator; every emulator it
 * made is disposed after each test.
 */
export function useInlineBundles(): (bundleSource: string, options?: EmulatorOptions) => Emulator {
  const made: Emulator[] = [];
  afterEach(() => {
    for (const em of made.splice(0)) em.dispose();
  });
  return (bundleSource: string, options: EmulatorOptions = {}) => {
    const em = createEmulator({ ...options, bundleSource });
    made.push(em);
    return em;
  };
}
