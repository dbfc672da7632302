import { describe, expect, it } from 'vitest';
import { docAccents, typedForm } from '../../src/engine/doc-accents.js';
import type { IndexedDoc } from '../../src/engine/search-index.js';
import { foldVi, toneKey } from '../../src/text/fold.js';

const doc = (accented: string): IndexedDoc => ({ id: 'a', kind: 'course', title: '', rev: 1, titleFolded: '', keywordsFolded: '', accented });

describe('doc accents', () => {
  it('tells a word the item spells with other accents from one it spells as typed', () => {
    const d = doc(['hạn', 'đăng', 'ký'].map(toneKey).join(' '));
    const han = typedForm('hàn');
    expect(han).toEqual({ key: toneKey('hàn'), folded: 'han' });
    expect(d.accented.split(' ').map(foldVi)).toContain('han');
    expect(docAccents(d).words.has(han.key)).toBe(false);
    expect(docAccents(d).spellsOtherwise(han.key, han.folded)).toBe(true);
    const hanDot = typedForm('hạn');
    expect(docAccents(d).words.has(hanDot.key)).toBe(true);
    expect(docAccents(d).spellsOtherwise(hanDot.key, hanDot.folded)).toBe(false);
    expect(docAccents(d).spellsOtherwise(typedForm('mây').key, 'may')).toBe(false);
  });

  it('is worked out once per item', () => {
    const d = doc(toneKey('hàn'));
    expect(docAccents(d)).toBe(docAccents(d));
    expect(docAccents(doc('')).spellsOtherwise(typedForm('hàn').key, 'han')).toBe(false);
  });
});
