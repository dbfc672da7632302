/**
 * Typed button actions: what a codec writes, the 64-byte limit checked once when a button is built,
 * and reading an incoming action back.
 */
import { describe, expect, it } from 'vitest';
import { subscribeToAction } from '../../src/broadcast/actions.js';
import { enrollAction, confirmAction } from '../../src/enrollment/actions.js';
import { button, buttonRows, fixedButton, simpleAction } from '../../src/replies/actions.js';
import { MAX_ACTION_BYTES } from '../../src/replies/model.js';

describe('action codecs', () => {
  it('write and read back their value', () => {
    expect(enrollAction.encode('course-gom')).toBe('enroll:course-gom');
    expect(enrollAction.decode('enroll:course-gom')).toBe('course-gom');
    expect(subscribeToAction.encode({ topic: 'fair', provinceCode: '86' })).toBe('sub:fair:86');
    expect(subscribeToAction.decode('sub:fair:*')).toEqual({ topic: 'fair', provinceCode: '*' });
    expect(confirmAction.decode('confirm')).toBe(true);
  });

  it("do not read another feature's action, nor one missing its argument", () => {
    expect(enrollAction.decode('item:course-gom')).toBeUndefined();
    expect(enrollAction.decode('enroll')).toBeUndefined();
    expect(enrollAction.decode(undefined)).toBeUndefined();
    expect(subscribeToAction.decode('sub:fair')).toBeUndefined();
    expect(confirmAction.decode('cancel')).toBeUndefined();
  });

  it('refuse a button a channel could not carry back (over 64 bytes, counted in UTF-8)', () => {
    const fits = 'a'.repeat(MAX_ACTION_BYTES - 'enroll:'.length);
    expect(button('Đăng ký', enrollAction, fits)).toEqual({ label: 'Đăng ký', action: `enroll:${fits}` });
    expect(button('Đăng ký', enrollAction, `${fits}a`)).toBeUndefined();
    expect(button('Đăng ký', enrollAction, 'đ'.repeat(30))).toBeUndefined(); // 60 bytes of "đ" + the prefix
    expect(() => fixedButton('x', simpleAction('n'.repeat(MAX_ACTION_BYTES + 1)))).toThrow(/longer than 64 bytes/);
  });

  it('rows drop the buttons that could not be built, and rows left empty', () => {
    const ok = fixedButton('OK', confirmAction);
    expect(buttonRows([ok, undefined], [undefined], [])).toEqual([[ok]]);
  });
});
