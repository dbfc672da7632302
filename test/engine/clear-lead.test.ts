import { describe, expect, it } from 'vitest';
import { ENROL_LEAD_SHARE } from '../../handlers/enrollment/start.js';
import { CLEAR_LEAD_SHARE, leadsClearly } from '../../src/engine/clear-lead.js';

describe('leadsClearly', () => {
  it('takes a lone result as clear and no result as not', () => {
    expect(leadsClearly([{ score: 0.2 }])).toBe(true);
    expect(leadsClearly([])).toBe(false);
  });

  it('judges the gap as a share of the best score, the same on any scale', () => {
    expect(leadsClearly([{ score: 0.934 }, { score: 0.873 }])).toBe(false);
    expect(leadsClearly([{ score: 9.34 }, { score: 8.73 }])).toBe(false);
    expect(leadsClearly([{ score: 1 }, { score: 1 - CLEAR_LEAD_SHARE - 0.001 }])).toBe(true);
    expect(leadsClearly([{ score: 10 }, { score: 10 * (1 - CLEAR_LEAD_SHARE) + 0.01 }])).toBe(false);
  });

  it('asks a wider lead of an enrolment than of an answer', () => {
    // Two welding courses 10 % apart: one is shown with the other beside it, but enrolling picks.
    const welding = [{ score: 0.934 }, { score: 0.838 }];
    expect(leadsClearly(welding)).toBe(true);
    expect(leadsClearly(welding, ENROL_LEAD_SHARE)).toBe(false);
    expect(leadsClearly([{ score: 1 }, { score: 1 - ENROL_LEAD_SHARE - 0.001 }], ENROL_LEAD_SHARE)).toBe(true);
  });
});
