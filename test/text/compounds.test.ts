import { describe, expect, it } from 'vitest';
import { isCompound } from '../../src/text/compounds.js';

describe('compounds', () => {
  it('knows two-syllable words of the language, accents as typed', () => {
    expect(isCompound({ folded: 'ket', typed: 'kết' }, { folded: 'hon', typed: 'hôn' })).toBe(true);
    expect(isCompound({ folded: 'ket' }, { folded: 'hon' })).toBe(true);
    expect(isCompound({ folded: 'benh' }, { folded: 'vien' })).toBe(true);
    // Typed with accents, only the word as written: "hàn điện" (welding) is one, "hạn điện" is not.
    expect(isCompound({ folded: 'han', typed: 'hàn' }, { folded: 'dien', typed: 'điện' })).toBe(true);
    expect(isCompound({ folded: 'han', typed: 'hạn' }, { folded: 'dien', typed: 'điện' })).toBe(false);
    expect(isCompound({ folded: 'hoc' }, { folded: 'ket' })).toBe(false);
  });

  it('reads an unmarked syllable next to a marked one as written', () => {
    // The dictionary has "chuyền sang" (to pass along), not "chuyển sang"; folded, both are "chuyen sang".
    expect(isCompound({ folded: 'chuyen', typed: 'chuyển' }, { folded: 'sang' })).toBe(false);
    expect(isCompound({ folded: 'chuyen', typed: 'chuyền' }, { folded: 'sang' })).toBe(true);
    expect(isCompound({ folded: 'chuyen' }, { folded: 'sang' })).toBe(true);
  });
});
