import { describe, expect, it } from 'vitest';
import { decodeButtonPayload, encodeButtonPayload } from '../../../src/channels/zalo/payload.js';
import {
  CONTACT_FORM_TITLE,
  MORE_BUTTONS_TEXT,
  renderReply,
  splitText,
  type ZaloOutgoing,
} from '../../../src/channels/zalo/render.js';

const messages = (steps: ZaloOutgoing[]) => steps.map((s) => (s.kind === 'message' ? s.message : s)) as any[];

describe('zalo render', () => {
  it('splits text at ≤ 2000 characters on word boundaries, losing nothing', () => {
    const words = Array.from({ length: 900 }, (_, i) => `từ${i}`);
    const text = words.join(' ');
    const pieces = splitText(text, 2000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(2000);
    expect(pieces.join(' ').split(' ')).toEqual(words);
  });

  it('prefers paragraph breaks and never cuts a surrogate pair', () => {
    const para = 'a'.repeat(1500);
    expect(splitText(`${para}\n\n${para}`, 2000)).toEqual([para, para]);
    const emoji = '😀'.repeat(1500); // 3000 UTF-16 units, no spaces
    const pieces = splitText(emoji, 2000);
    expect(pieces.join('')).toBe(emoji);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(2000);
    expect(pieces[0]!.endsWith('\ud83d')).toBe(false);
  });

  it('puts up to 5 buttons on the last text piece and spreads the rest over follow-ups', () => {
    const buttons = Array.from({ length: 12 }, (_, i) => ({ label: `Nút ${i}`, action: `act:${i}` }));
    const out = messages(renderReply({ text: 'x'.repeat(2500), buttons: [buttons.slice(0, 4), buttons.slice(4)] }));
    expect(out).toHaveLength(4);
    expect(out[0].attachment).toBeUndefined();
    expect(out[1].attachment.payload.buttons).toHaveLength(5);
    expect(out[1].attachment.payload.buttons[0]).toEqual({ title: 'Nút 0', type: 'oa.query.show', payload: '#act:0' });
    expect(out[2]).toMatchObject({ text: MORE_BUTTONS_TEXT });
    expect(out[2].attachment.payload.buttons).toHaveLength(5);
    expect(out[3].attachment.payload.buttons.map((b: any) => b.payload)).toEqual(['#act:10', '#act:11']);
  });

  it('truncates button titles to 100 characters', () => {
    const out = messages(renderReply({ text: 't', buttons: [[{ label: 'dài '.repeat(60), action: 'x' }]] }));
    expect(out[0].attachment.payload.buttons[0].title.length).toBeLessThanOrEqual(100);
  });

  it('renders items as list templates of at most 5 elements, each tap coming back as #action', () => {
    const items = Array.from({ length: 7 }, (_, i) => ({ id: `c${i}`, title: `Khoá ${i}`, subtitle: 'Cần Thơ', action: `item:c${i}` }));
    const steps = renderReply({ text: 'Các khoá:', items });
    const out = messages(steps);
    expect(out).toHaveLength(3);
    expect(out[1].attachment.payload.template_type).toBe('list');
    expect(out[1].attachment.payload.elements).toHaveLength(5);
    expect(out[2].attachment.payload.elements).toHaveLength(2);
    expect(out[1].attachment.payload.elements[0]).toEqual({
      title: 'Khoá 0',
      subtitle: 'Cần Thơ',
      default_action: { type: 'oa.query.show', payload: '#item:c0' },
    });
    // If Zalo refuses the list template, the same items go out as text with buttons.
    const fallback = (steps[1] as any).fallback;
    expect(fallback[0].text).toContain('1. Khoá 0');
    expect(fallback[0].attachment.payload.buttons[0].payload).toBe('#item:c0');
  });

  it('asks for the phone with a request_user_info template', () => {
    const out = messages(renderReply({ text: 'Cho mình xin số điện thoại', requestContact: true }));
    expect(out[1].attachment.payload).toMatchObject({
      template_type: 'request_user_info',
      elements: [{ title: CONTACT_FORM_TITLE }],
    });
  });

  it('turns a file into an upload step with an apology as fallback', () => {
    const steps = renderReply({ text: 'Tệp', file: { filename: 'a.csv', mimeType: 'text/csv', data: Buffer.from('x') } });
    expect(steps[1]).toMatchObject({ kind: 'file', file: { filename: 'a.csv' } });
  });

  it('round-trips button actions through the user text payload and leaves ordinary text alone', () => {
    for (const action of ['a', 'item:course-123', 'enroll:khoá-hàn']) {
      expect(decodeButtonPayload(encodeButtonPayload(action))).toBe(action);
    }
    expect(decodeButtonPayload('hello')).toBeUndefined();
    expect(decodeButtonPayload('#')).toBeUndefined();
    expect(decodeButtonPayload('# hello')).toBeUndefined();
    expect(decodeButtonPayload('#a\nb')).toBeUndefined();
    expect(decodeButtonPayload('#' + 'x'.repeat(65))).toBeUndefined();
  });
});
