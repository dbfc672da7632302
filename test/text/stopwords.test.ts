/** Tests for the particle list and context-aware particle stripping. */
import { describe, expect, it } from 'vitest';
import { PARTICLES, isParticle, particleMask, stripParticles } from '../../src/text/stopwords.js';
import { foldVi, tokenize } from '../../src/text/fold.js';

const strip = (q: string): string => stripParticles(tokenize(q)).join(' ');

describe('PARTICLES', () => {
  it('holds folded tokens only', () => {
    for (const p of PARTICLES) expect(foldVi(p)).toBe(p);
  });

  it('includes chat particles and pronouns', () => {
    for (const t of ['a', 'oi', 'nhe', 'em', 'anh', 'minh', 'khong', 'duoc', 'gi', 'la']) expect(isParticle(t), t).toBe(true);
  });

  it('excludes words that fold onto content words', () => {
    // hội/chợ, dạy, vay (loan), thi (exam), đồ/độ, chữa (repair), Hà (provinces), làm (việc làm)
    for (const t of ['hoi', 'cho', 'day', 'vay', 'thi', 'do', 'chua', 'ha', 'lam', 'hoc', 'nghe', 'lop']) {
      expect(isParticle(t), t).toBe(false);
    }
  });

  it('treats teencode that only ever means a particle as a particle', () => {
    for (const t of ['ko', 'k', 'e', 'j', 'v', 'z']) expect(isParticle(t), t).toBe(true);
    for (const t of ['dc', 'dk', 'bn', 'mk']) expect(isParticle(t), t).toBe(false); // have content meanings
  });

  it('never throws on non-strings', () => {
    expect(isParticle(undefined as unknown as string)).toBe(false);
  });
});

describe('stripParticles', () => {
  it('drops question formulas and particles', () => {
    expect(strip('Cho em hỏi lớp hàn ở đâu ạ')).toBe('lop han');
    expect(strip('cho e hoi hoc phi bao nhieu v')).toBe('hoc phi bao nhieu');
  });

  it('keeps hội chợ, where both words look like particles of other phrases', () => {
    expect(strip('hội chợ việc làm tháng này')).toBe('hoi cho viec lam thang');
  });

  it('keeps protected content phrases', () => {
    expect(strip('em muốn học cơ khí')).toBe('hoc co khi');
    expect(strip('chi phí học tiếng Anh buổi tối')).toBe('chi phi hoc tieng anh buoi toi');
    expect(strip('hỗ trợ tối đa bao nhiêu')).toBe('ho tro toi da bao nhieu');
    expect(strip('nhà máy tuyển công nhân nha')).toBe('nha may tuyen cong nhan');
  });

  it('drops vậy after a question word but keeps the loan sense of vay', () => {
    expect(strip('học gì vậy')).toBe('hoc');
    expect(strip('em muốn vay vốn')).toBe('vay von');
    expect(strip('không vay được à')).toBe('vay');
  });

  it('drops a sentence-final vậy before a closing particle or form of address, unless someone wants a loan', () => {
    const strip = (q: string) => stripParticles(q.split(' '));
    expect(strip('khi nao khai giang vay a')).toEqual(['khi', 'khai', 'giang']);
    expect(strip('hoc phi bao nhieu vay anh')).not.toContain('vay');
    expect(strip('em muon vay a')).toContain('vay');
    expect(strip('can vay chi')).toContain('vay');
    expect(strip('vay von')).toContain('vay');
  });

  it('keeps k after a number (500 k = nghìn)', () => {
    expect(strip('học phí 500 k ko')).toBe('hoc phi 500 k');
  });

  it('does not mutate its input and survives odd input', () => {
    const input = ['em', 'hoc', 'han'];
    stripParticles(input);
    expect(input).toEqual(['em', 'hoc', 'han']);
    expect(stripParticles([])).toEqual([]);
    expect(stripParticles(null as unknown as string[])).toEqual([]);
    expect(stripParticles(['', 'hoc'])).toEqual(['hoc']);
  });
});

describe('particleMask', () => {
  it('marks droppable positions in context, aligned with the input', () => {
    const tokens = tokenize('cho em hỏi nhà máy ở đâu nha');
    expect(tokens).toEqual(['cho', 'em', 'hoi', 'nha', 'may', 'o', 'dau', 'nha']);
    expect(particleMask(tokens)).toEqual([true, true, true, false, false, true, true, true]);
  });

  it('keeps "bao nhiêu" whole and drops a lone "nhiều"', () => {
    expect(particleMask(['bao', 'nhieu'])).toEqual([false, false]);
    expect(particleMask(['nhieu', 'viec'])).toEqual([true, false]);
  });
});
