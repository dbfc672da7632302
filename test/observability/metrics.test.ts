/** The Prometheus text the registry renders: label order, escaping, counters and histograms. */
import { describe, expect, it } from 'vitest';
import { labelsOf, Metrics } from '../../src/observability/metrics.js';

describe('Metrics', () => {
  it('counts per label set whatever the order the labels were given in', () => {
    const m = new Metrics();
    m.inc('x_total', { kind: 'a', channel: 'telegram' });
    m.inc('x_total', { channel: 'telegram', kind: 'a' }, 2);
    m.inc('x_total');
    expect(m.value('x_total', { kind: 'a', channel: 'telegram' })).toBe(3);
    expect(m.render()).toContain('x_total{channel="telegram",kind="a"} 3\nx_total 1\n');
  });

  it('counts a label set made once (labelsOf) with the same labels given each time', () => {
    const m = new Metrics();
    const once = labelsOf({ kind: 'a"b', channel: 'telegram' });
    m.inc('x_total', once);
    m.inc('x_total', once);
    m.inc('x_total', { channel: 'telegram', kind: 'a"b' });
    m.observeMs('x_seconds', 7, once);
    expect(m.value('x_total', { kind: 'a"b', channel: 'telegram' })).toBe(3);
    expect(m.render()).toContain('x_total{channel="telegram",kind="a_b"} 3\n');
    expect(m.render()).toContain('x_seconds_count{channel="telegram",kind="a_b"} 1');
  });

  it('replaces quotes, backslashes and newlines in label values', () => {
    const m = new Metrics();
    m.inc('y_total', { kind: 'a"b\\c\nd' });
    expect(m.render()).toContain('y_total{kind="a_b_c_d"} 1');
  });

  it('puts a latency in every bucket at or above it', () => {
    const m = new Metrics();
    m.observeMs('lat_seconds', 30, { channel: 'web' });
    const text = m.render();
    expect(text).toContain('lat_seconds_bucket{channel="web",le="0.025"} 0');
    expect(text).toContain('lat_seconds_bucket{channel="web",le="0.05"} 1');
    expect(text).toContain('lat_seconds_count{channel="web"} 1');
  });
});
