/**
 * The hand-off's pure parts: office hours, how people ask for a person, officers' commands.
 */
import { describe, expect, it } from 'vitest';
import { describeOpening, isOpen, nextOpening, officeHours, parseOfficeDays, parseOfficeHours } from '../../src/handoff/office-hours.js';
import { readOfficerCommand } from '../../src/handoff/officer-commands.js';
import { asksForPerson, endsHandoff } from '../../src/handoff/phrases.js';
import { ticketHeader, ticketIdFromHeader } from '../../src/handoff/replies.js';
import { loadConfig, ConfigError } from '../../src/config.js';
import { analyzeQuestion } from '../../src/engine/analyze.js';

const hours = officeHours('7:30-17:00', '1-5', 'Asia/Ho_Chi_Minh');
const vn = (iso: string) => new Date(`${iso}+07:00`);

describe('office hours', () => {
  it('is open on weekdays within the hours only', () => {
    expect(isOpen(vn('2026-12-01T09:00:00'), hours)).toBe(true); // Tuesday
    expect(isOpen(vn('2026-12-01T07:29:00'), hours)).toBe(false);
    expect(isOpen(vn('2026-12-01T17:00:00'), hours)).toBe(false);
    expect(isOpen(vn('2026-12-05T09:00:00'), hours)).toBe(false); // Saturday
  });

  it('names the next opening: the same morning, the next day, or Monday after a weekend', () => {
    expect(describeOpening(nextOpening(vn('2026-12-01T06:00:00'), hours), hours)).toBe('7:30 thứ Ba (01/12)');
    expect(describeOpening(nextOpening(vn('2026-12-01T18:00:00'), hours), hours)).toBe('7:30 thứ Tư (02/12)');
    expect(describeOpening(nextOpening(vn('2026-12-04T20:00:00'), hours), hours)).toBe('7:30 thứ Hai (07/12)');
  });

  it('refuses malformed settings at start-up with the variable named', () => {
    expect(parseOfficeHours('8-11:30')).toEqual([480, 690]);
    expect([...parseOfficeDays('1-6,0')].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(() => parseOfficeHours('17:00-7:30')).toThrow();
    try {
      loadConfig({ OFFICE_HOURS: 'sáng', OFFICE_DAYS: '5-1' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.join('\n')).toMatch(/OFFICE_HOURS[\s\S]*OFFICE_DAYS/);
    }
  });
});

describe('asking for a person', () => {
  const asks = (text: string) => asksForPerson(analyzeQuestion(text).folded);
  it('recognises the usual ways, with or without diacritics', () => {
    for (const q of ['gặp cán bộ', 'cho em gap can bo a', 'nói chuyện với người thật', 'tôi muốn gặp nhân viên tư vấn', 'chuyển cho cán bộ giúp em']) expect(asks(q), q).toBe(true);
  });
  it('leaves questions about people alone', () => {
    for (const q of ['cần người làm may', 'lớp hàn điện', 'hỏi người dạy nghề ở đâu']) expect(asks(q), q).toBe(false);
  });
  it('reads the end of a hand-off', () => {
    expect(endsHandoff('huy')).toBe(true);
    expect(endsHandoff('quay lai bot nhe')).toBe(true);
    expect(endsHandoff('huy dang ky lop han')).toBe(false);
  });
});

describe('officer commands', () => {
  const base = { channel: 'telegram' as const, userId: '1', receivedAt: new Date() };
  const header = ticketHeader({ id: 'K3F9M2', provinceCode: '86', user: { channel: 'web', userId: 'x' } });

  it('a reply to the notification answers its ticket; /dong in reply closes it', () => {
    expect(ticketIdFromHeader(`${header}\n💬 hỏi`)).toBe('K3F9M2');
    expect(readOfficerCommand({ ...base, kind: 'text', text: 'Được bạn nhé', replyTo: { text: `${header}\n💬 hỏi` } })).toEqual({ kind: 'answer', ticketId: 'K3F9M2', text: 'Được bạn nhé' });
    expect(readOfficerCommand({ ...base, kind: 'text', text: '/dong', replyTo: { text: header } })).toEqual({ kind: 'close', ticketId: 'K3F9M2' });
  });

  it('only the first line counts: a user cannot plant a ticket code in the quoted messages', () => {
    expect(ticketIdFromHeader(`🔔 Thông báo\n${header}`)).toBeUndefined();
    expect(readOfficerCommand({ ...base, kind: 'text', text: 'ok', replyTo: { text: `Tin khác\n${header}` } })).toBeUndefined();
  });

  it('short commands carry the code', () => {
    expect(readOfficerCommand({ ...base, kind: 'text', text: '/tl k3f9m2 Chào bạn' })).toEqual({ kind: 'answer', ticketId: 'K3F9M2', text: 'Chào bạn' });
    expect(readOfficerCommand({ ...base, kind: 'text', text: '#K3F9M2 Chào\nbạn' })).toEqual({ kind: 'answer', ticketId: 'K3F9M2', text: 'Chào\nbạn' });
    expect(readOfficerCommand({ ...base, kind: 'text', text: '/dong #K3F9M2' })).toEqual({ kind: 'close', ticketId: 'K3F9M2' });
    expect(readOfficerCommand({ ...base, kind: 'action', action: 'ticket-close:K3F9M2' })).toEqual({ kind: 'close', ticketId: 'K3F9M2' });
    expect(readOfficerCommand({ ...base, kind: 'text', text: '/phieu' })).toEqual({ kind: 'list' });
    expect(readOfficerCommand({ ...base, kind: 'text', text: 'lớp hàn' })).toBeUndefined();
    expect(readOfficerCommand({ ...base, kind: 'text', text: '#OCOP hội chợ Vĩnh Long' })).toBeUndefined();
  });
});
