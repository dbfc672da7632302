import { describe, expect, it } from 'vitest';
import { expandTokens, isSyllable, repairSyllable } from '../../src/text/teencode.js';

describe('numbers said in words', () => {
  it('are digits before a unit they count, and words elsewhere', () => {
    const first = (q: string) => expandTokens(q.split(' ')).map((alts) => alts[0]!.join(' '));
    expect(first('hoc du bon thang')).toEqual(['hoc', 'du', '4', 'thang']);
    expect(first('ba thang la xong')).toEqual(['3', 'thang', 'la', 'xong']);
    expect(first('ba em lam ruong')).toEqual(['ba', 'em', 'lam', 'ruong']);
    expect(first('nam nay hoc')).toEqual(['nam', 'nay', 'hoc']);
  });
});

describe('syllables', () => {
  it('tells Vietnamese syllables from slips', () => {
    for (const s of ['hoc', 'nghe', 'nguoi', 'khuyen', 'tien', 'quy']) expect(isSyllable(s), s).toBe(true);
    for (const s of ['thj', 'xog', 'mie', 'fai', 'hocj']) expect(isSyllable(s), s).toBe(false);
  });

  it('repairs fast phone typing by general rules', () => {
    expect(repairSyllable('thj')).toContain('thi');
    expect(repairSyllable('xog')).toContain('xong');
    expect(repairSyllable('giag')).toContain('giang');
    expect(repairSyllable('fai')).toContain('phai');
    expect(repairSyllable('wa')).toContain('qua');
    expect(repairSyllable('hocj')).toContain('hoc');
    expect(repairSyllable('hoc')).toEqual([]);
  });

  it('restores the h of ngh before i and e, where ng alone is never written', () => {
    expect(isSyllable('ngi')).toBe(false);
    expect(isSyllable('nghi')).toBe(true);
    expect(isSyllable('ngay')).toBe(true);
    expect(repairSyllable('nge')).toContain('nghe');
    expect(expandTokens(['ngi'])[0]![0]).toEqual(['nghi']);
  });

  it('reads a held-down key and a doubled Telex vowel as one letter', () => {
    expect(isSyllable('nghee')).toBe(false);
    expect(repairSyllable('nghee')).toContain('nghe');
    expect(repairSyllable('dauuu')).toEqual(['dau']);
    expect(repairSyllable('khongggg')).toEqual(['khong']);
    // "oo" is Vietnamese (xoong), "uu" too (hưu): they are left alone.
    expect(isSyllable('xoong')).toBe(true);
    expect(isSyllable('huu')).toBe(true);
  });

  it('reads laughter as a particle, not as something asked about', () => {
    for (const laugh of ['hihi', 'hjhj', 'haha', 'kkk', 'huhu']) expect(expandTokens([laugh])[0], laugh).toEqual([['a']]);
    expect(expandTokens(['hoi'])[0]![0]).toEqual(['hoi']);
  });

  it('expands table shorthand first, repairs the rest, keeps positions', () => {
    const out = expandTokens(['e', 'mun', 'hc', 'nghe', 'thj', '58t']);
    expect(out).toHaveLength(6);
    expect(out[0]![0]).toEqual(['em']);
    expect(out[1]![0]).toEqual(['muon']);
    expect(out[2]![0]).toEqual(['hoc']);
    expect(out[3]![0]).toEqual(['nghe']);
    expect(out[4]![0]).toEqual(['thi']);
    expect(out[5]![0]).toEqual(['58', 'tuoi']);
  });
});
