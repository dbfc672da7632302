/**
 * A tiny Prometheus registry: counters and latency histograms, rendered as text for GET /metrics.
 * Hand-rolled because four metric families do not justify prom-client's default collectors.
 */
type Labels = Record<string, string>;

const UNSAFE_LABEL_CHAR = /["\\\n]/;
const UNSAFE_LABEL_CHARS = /["\\\n]/g;

/** Keys of frozen label sets, which callers on hot paths make once and pass on every count. */
const frozenKeys = new WeakMap<Labels, string>();

/** `a="x",b="y"`, keys sorted; for a frozen label set, built once (see labelsOf). */
function labelKey(labels: Labels): string {
  if (Object.isFrozen(labels)) {
    let key = frozenKeys.get(labels);
    if (key === undefined) frozenKeys.set(labels, (key = buildKey(labels)));
    return key;
  }
  return buildKey(labels);
}

/** Label sets made once, for counts taken on every request or turn: their key is built only once too. */
export function labelsOf(labels: Labels): Readonly<Labels> {
  return Object.freeze({ ...labels });
}

function buildKey(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length > 1) keys.sort();
  let key = '';
  for (const k of keys) {
    const value = String(labels[k]);
    key += `${key ? ',' : ''}${k}="${UNSAFE_LABEL_CHAR.test(value) ? value.replace(UNSAFE_LABEL_CHARS, '_') : value}"`;
  }
  return key;
}

const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

export class Metrics {
  private counters = new Map<string, { help: string; values: Map<string, number> }>();
  private histograms = new Map<string, { help: string; series: Map<string, { buckets: number[]; sum: number; count: number }> }>();

  inc(name: string, labels: Labels = {}, by = 1, help = name): void {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = { help, values: new Map() }));
    const k = labelKey(labels);
    c.values.set(k, (c.values.get(k) ?? 0) + by);
  }

  observeMs(name: string, ms: number, labels: Labels = {}, help = name): void {
    let h = this.histograms.get(name);
    if (!h) this.histograms.set(name, (h = { help, series: new Map() }));
    const k = labelKey(labels);
    let s = h.series.get(k);
    if (!s) h.series.set(k, (s = { buckets: BUCKETS_MS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS_MS.forEach((b, i) => {
      if (ms <= b) s!.buckets[i]! += 1;
    });
    s.sum += ms / 1000;
    s.count += 1;
  }

  /** Current value of a counter, for tests and health output. */
  value(name: string, labels: Labels = {}): number {
    return this.counters.get(name)?.values.get(labelKey(labels)) ?? 0;
  }

  render(): string {
    const out: string[] = [];
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`);
      for (const [k, v] of c.values) out.push(`${name}${k ? `{${k}}` : ''} ${v}`);
    }
    for (const [name, h] of this.histograms) {
      out.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`);
      for (const [k, s] of h.series) {
        const pre = k ? `${k},` : '';
        BUCKETS_MS.forEach((b, i) => out.push(`${name}_bucket{${pre}le="${b / 1000}"} ${s.buckets[i]}`));
        out.push(`${name}_bucket{${pre}le="+Inf"} ${s.count}`);
        out.push(`${name}_sum${k ? `{${k}}` : ''} ${s.sum}`, `${name}_count${k ? `{${k}}` : ''} ${s.count}`);
      }
    }
    return out.join('\n') + '\n';
  }
}
