import { describe, expect, it } from 'vitest';
import { STOP_PHRASES, isChatReading, stopShare } from '../../src/text/lexicon.js';

describe('lexicon', () => {
  it('decides a typed accented word by the word itself', () => {
    expect(stopShare('co', 'có')).toBe(1);
    expect(stopShare('luon', 'lươn')).toBe(0); // the eel, not "luôn"
    expect(stopShare('toi', 'tối')).toBe(0); // evening classes
    expect(stopShare('toi', 'tôi')).toBe(1);
    // Greetings and thanks frame a message; they are not what it asks about.
    expect(stopShare('chao', 'chào')).toBe(1);
    expect(stopShare('cam', 'cảm')).toBe(1);
    // Tone placement does not matter: "hoà"/"hòa" are one word.
    expect(stopShare('hoa', 'hoà')).toBe(stopShare('hoa', 'hòa'));
  });

  it('weighs a folded syllable by its readings, chat readings weighed up', () => {
    expect(stopShare('khong')).toBe(1);
    expect(stopShare('hoc')).toBe(0);
    expect(stopShare('co')).toBeGreaterThan(0.8); // mostly "có", though prose has many "cơ"
    expect(stopShare('may')).toBeLessThan(0.5); // may (sewing) and máy (machine) outweigh "mấy"
  });

  it('knows which shorthand expansions are chat words', () => {
    expect(isChatReading('vay')).toBe(true); // "z" = vậy
    expect(isChatReading('nuoi')).toBe(false);
  });

  it('holds asking formulas and interrogatives as phrases', () => {
    const has = (p: string) => (STOP_PHRASES.get(p.split(' ')[0]!) ?? []).some((x) => x.tokens.join(' ') === p);
    expect(has('cho em hoi')).toBe(true);
    expect(has('anh chi oi')).toBe(true);
    expect(has('o dau')).toBe(true);
    expect(has('co hoi')).toBe(false); // "có hội chợ", not "cô hỏi"
  });

  it('a chat verb only as typed with its accents: "lãnh" (to receive) is chat, folded "lanh" ("điện lạnh") is not', () => {
    expect(stopShare('lanh', 'lãnh')).toBe(1);
    expect(stopShare('lanh', 'lạnh')).toBe(0);
    expect(stopShare('lanh')).toBeLessThan(0.5);
  });

  it('holds times relative to now as phrases, but not today: a question about today asks for live news', () => {
    const has = (p: string) => (STOP_PHRASES.get(p.split(' ')[0]!) ?? []).some((x) => x.tokens.join(' ') === p);
    expect(has('nam ngoai')).toBe(true);
    expect(has('tuan sau')).toBe(true);
    expect(has('hom nay')).toBe(false);
    // Part of a year or month, too; not the weekend, which a course may be held on.
    expect(has('cuoi nam')).toBe(true);
    expect(has('cuoi tuan')).toBe(false);
  });
});
