import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerEngine } from '../../src/engine/engine.js';
import { DEFAULT_PARAMS, rankQuestion } from '../../src/engine/ranker.js';
import type { Store } from '../../src/store/ports.js';
import { openEmbeddedStore } from '../../src/store/sqlite/index.js';
import { tempEngine, type TempEngine } from '../support/harness.js';

let temp: TempEngine;
let store: Store;
let engine: AnswerEngine;

beforeAll(async () => {
  temp = await tempEngine([join(import.meta.dirname, '../fixtures/mini-pack.yaml')], 'nghebot-engine-');
  ({ store, engine } = temp);
});
afterAll(() => temp.cleanup());

const top = async (q: string) => (await engine.ask(q)).results[0]?.id;

describe('answer engine', () => {
  it('answers unaccented chat with abbreviations', async () => {
    expect(await top('co lop hoc han k a')).toBe('course-han-dien');
    expect(await top('hok bik co lop may cong nghiep ko')).toBe('course-may-cong-nghiep');
  });

  it('answers accented and decomposed (NFD) text alike', async () => {
    expect(await top('lớp hàn điện')).toBe('course-han-dien');
    expect(await top('lớp hàn điện'.normalize('NFD'))).toBe('course-han-dien');
  });

  it('a shorthand nobody can read (a run of consonants) is neither matched nor missed', async () => {
    expect(await top('hc han dien xg')).toBe('course-han-dien');
    expect(await top('lop han dien qx o dau')).toBe('course-han-dien');
  });

  it('a sentence pointed back to ("…Lớp đó …?") names what is asked; its story words are not topics missed', () => {
    const best = (q: string) => rankQuestion(engine.index, engine.understand(q).analysis, DEFAULT_PARAMS, { limit: 1 })[0]!;
    const story = 'Tôi chạy ghe thuê mấy năm nay, ghe hư là phải kêu thợ, tốn kém quá trời, giờ muốn học hàn điện';
    const pointed = best(`${story}. Lớp đó khi nào khai giảng?`);
    expect(pointed.doc.id).toBe('course-han-dien');
    expect(pointed.confidence).toBeGreaterThan(DEFAULT_PARAMS.gate);
    // Asked in one sentence, the same words are topics the course does not cover.
    expect(best(`${story}, lớp đó khi nào khai giảng?`).confidence).toBeLessThan(pointed.confidence);
  });

  it('words of the clauses before the question that an item lacks count as missed only in part', () => {
    const best = (q: string, leadingForgive = DEFAULT_PARAMS.leadingForgive) => rankQuestion(engine.index, engine.understand(q).analysis, { ...DEFAULT_PARAMS, leadingForgive }, { limit: 1 })[0]!;
    const q = 'dạ em chào anh, nhà em ở gần chợ, có lớp hàn điện không ạ';
    expect(best(q).doc.id).toBe('course-han-dien');
    expect(best(q).confidence).toBeGreaterThan(best(q, 0).confidence);
    expect(best(q).confidence).toBeGreaterThan(DEFAULT_PARAMS.gate);
  });

  it('an everyday word the content never uses counts less as a missed topic than a word that names one', () => {
    const best = (q: string) => rankQuestion(engine.index, engine.understand(q).analysis, DEFAULT_PARAMS, { limit: 1 })[0]!;
    const everyday = best('lớp hàn điện học ngắn không');
    const topic = best('lớp hàn điện học bún không');
    expect([everyday.doc.id, topic.doc.id]).toEqual(['course-han-dien', 'course-han-dien']);
    expect(everyday.confidence).toBeGreaterThan(topic.confidence * 1.2);
    // Without accents a syllable reads as common as all the words it may be ("lay" is lấy, lây, láy…).
    expect(best('lop han dien co lay nhieu nguoi khong').confidence).toBeGreaterThan(best('lop han dien co bun nhieu nguoi khong').confidence);
  });

  it('tolerates a typo', async () => {
    expect(await top('lop hann dien')).toBe('course-han-dien');
    expect(await top('vay vonn lam an')).toBe('policy-vay-von');
  });

  it('maps an old province to the new one and back', async () => {
    // Stored under "Bến Tre" (now Vĩnh Long): found by the new name.
    expect(await top('lop han o vinh long')).toBe('course-han-dien');
    // Stored under "Vĩnh Long": found by an old name of the merged province.
    expect(await top('hoi cho ocop tra vinh')).toBe('fair-ocop-vinh-long');
    // Stored under "Kiên Giang" (now An Giang).
    expect(await top('lop theu an giang')).toBe('course-theu-tay');
  });

  it('finds policies and faqs by everyday wording', async () => {
    expect(await top('muon vay tien lam an')).toBe('policy-vay-von');
    expect(await top('hoc xong co bang khong')).toBe('faq-chung-chi');
  });

  it('gives nothing for questions the content does not cover', async () => {
    for (const q of ['giá vàng hôm nay', 'kết quả bóng đá', 'cach nau pho', 'thoi tiet ngay mai', 'vĩnh long']) {
      expect((await engine.ask(q)).results, q).toEqual([]);
    }
  });

  it('detects intents', async () => {
    expect((await engine.ask('xin chào')).intent).toBe('greeting');
    expect((await engine.ask('cho xin sdt tu van')).intent).toBe('contact');
    expect((await engine.ask('cho xin sdt tu van')).results).toEqual([]);
    expect((await engine.ask('toi muon dang ky hoc han')).intent).toBe('enroll');
    // The course to enrol in is the best match, confident or offered (the enrolment handler takes both,
    // and asks for courses only: the FAQ on how to enrol is not something to enrol in).
    const enrol = await engine.ask('toi muon dang ky hoc han', { kinds: ['course'] });
    expect([...enrol.results, ...enrol.suggestions][0]?.id).toBe('course-han-dien');
    expect((await engine.ask('dang ky nhan tin hoi cho vinh long')).intent).toBe('subscribe');
    expect((await engine.ask('hủy nhận tin')).intent).toBe('unsubscribe');
    expect((await engine.ask('STOP')).intent).toBe('unsubscribe');
    expect((await engine.ask('ko nhan tin nua')).intent).toBe('unsubscribe');
    expect((await engine.ask('không muốn nhận thông báo')).intent).toBe('unsubscribe');
    expect((await engine.ask('sao toi khong nhan duoc tin')).intent).not.toBe('unsubscribe');
    expect((await engine.ask('toi da dang ky nhung lop nao')).intent).toBe('my_enrollments');
    expect((await engine.ask('Em lỡ đăng ký rồi giờ muốn hủy')).intent).toBe('cancel_enrollment');
    // Slash commands are read before folding, which drops the slash.
    expect((await engine.ask('/thongbao Hội chợ mở cửa')).intent).toBe('officer');
    expect((await engine.ask('/xuat@nghebot')).intent).toBe('officer');
    expect((await engine.ask('xuat khau nong san')).intent).toBe('ask');
  });

  it('searches the whole question when the intent’s words leave nothing specific', async () => {
    const how = await engine.ask('dang ky hoc nhu the nao');
    expect(how.intent).toBe('enroll');
    expect(how.results.map((r) => r.id)).toEqual(['faq-thu-tuc-dang-ky']); // not every item that says "học"
    // With a course named, the intent's words are left out and the course is found.
    const named = await engine.ask('dang ky lop han dien');
    expect([...named.results, ...named.suggestions][0]?.id).toBe('course-han-dien');
    // A story told first does not make the question that follows about the story.
    const commandWeight = (q: string) => engine.understand(q).analysis.terms.find((t) => t.alternatives[0]!.join(' ') === 'dang')?.emphasis ?? 1;
    expect(commandWeight('dang ky lop han dien')).toBeLessThan(1);
    expect(commandWeight('Em làm thợ hàn điện ở xa trung tâm. Giờ em muốn đăng ký học thì làm sao?')).toBe(1);
    expect((await engine.ask('Em làm thợ hàn điện ở xa trung tâm. Giờ em muốn đăng ký học thì làm sao?')).results[0]?.id).toBe('faq-thu-tuc-dang-ky');
  });

  it('warms up by asking without writing anything, within its budget', async () => {
    const revision = await store.contentRevision();
    const asked = await engine.warmUp(10_000);
    expect(asked).toBeGreaterThanOrEqual(8);
    expect(await engine.warmUp(0)).toBe(0);
    expect(await store.contentRevision()).toBe(revision);
    expect(await top('co lop hoc han k a')).toBe('course-han-dien');
  });

  it('never crashes on bad input', async () => {
    const bad = ['', '   ', '😀😀😀', '\u0000\u0007abc\u001b[31m', 'x'.repeat(10_000), 'học nghề ở đâu 学习 учиться', '\u202Ehan\u202C', '?!?!'];
    for (const q of bad) {
      const a = await engine.ask(q);
      expect(Array.isArray(a.results)).toBe(true);
    }
  });

  it('picks up content imported by another store handle (another process) without restart', async () => {
    const other = await openEmbeddedStore(temp.dir);
    await other.importItems(
      [{ id: 'course-nuoi-de', kind: 'course', title: 'Lớp nuôi dê thịt', summary: 'Kỹ thuật chăn nuôi dê thịt.' }],
      () => undefined,
    );
    await other.close();
    await engine.refresh(true);
    expect(await top('hoc nuoi de')).toBe('course-nuoi-de');
  });
});
