/**
 * The one UTF-8 byte rule (src/shared/text.ts) that request bodies, stored job records and
 * settings pieces are measured by: it agrees with a real UTF-8 encoder on any text, lone
 * surrogates included (an encoder writes them as U+FFFD, 3 bytes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/shared/text';

const encoder = new TextEncoder();

describe('utf8Length', () => {
  it('counts what TextEncoder writes, for any text', () => {
    const unit = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      // Surrogate halves alone and in the wrong order.
      fc.constantFrom('\ud83d', '\ude00', '\ude00\ud83d', 'a\ud83d'),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(utf8Length(text)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 2000, seed: 20261204 },
    );
  });

  it('counts one byte, two, three and four', () => {
    expect(utf8Length('a')).toBe(1);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('क')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });
});
