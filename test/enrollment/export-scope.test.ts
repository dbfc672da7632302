/**
 * Who sees which enrolments in an export: by the course's province, national courses to everyone,
 * and an enrolment whose course item is gone by the enrollee's own province (never to everyone).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provinceCodeOf } from '../../src/content/import.js';
import { loadExport } from '../../src/enrollment/export.js';
import { tempStore, type TempStore } from '../support/harness.js';

const VINH_LONG = '86';
const AN_GIANG = '91';
const AT = new Date('2027-01-05T03:00:00Z');

let temp: TempStore;
beforeEach(async () => {
  temp = await tempStore('nghebot-export-scope-');
  await temp.store.importItems(
    [
      { id: 'course-vl', kind: 'course', title: 'Lớp hàn Vĩnh Long', province: 'Vĩnh Long', capacity: 10 },
      { id: 'course-national', kind: 'course', title: 'Lớp trực tuyến', capacity: 10 },
    ],
    provinceCodeOf,
  );
  const person = (userId: string, courseId: string, provinceCode: string) => ({ channel: 'telegram' as const, userId, courseId, fullName: `Người ${userId}`, phone: '0912345678', provinceCode });
  await temp.store.enroll(person('a', 'course-vl', VINH_LONG), AT);
  await temp.store.enroll(person('b', 'course-national', AN_GIANG), AT);
  // A course whose item is no longer in the store (an enrolment older than the content it names).
  await temp.store.enroll(person('c', 'course-gone', VINH_LONG), AT);
});
afterEach(() => temp.cleanup());

const names = (rows: { fullName: string }[]) => rows.map((r) => r.fullName).sort();

describe('export scope', () => {
  it('shows an officer their province, national courses, and gone courses only of their own enrollees', async () => {
    const vinhLong = await loadExport(temp.store, { provinceCodes: [VINH_LONG] });
    expect(names(vinhLong.rows)).toEqual(['Người a', 'Người b', 'Người c']);
    const anGiang = await loadExport(temp.store, { provinceCodes: [AN_GIANG] });
    expect(names(anGiang.rows)).toEqual(['Người b']);
    expect(anGiang.courses.map((c) => c.courseId)).not.toContain('course-gone');
    const admin = await loadExport(temp.store);
    expect(names(admin.rows)).toEqual(['Người a', 'Người b', 'Người c']);
  });
});
