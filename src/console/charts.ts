/**
 * The dashboard's charts, drawn on the server as inline SVG (no script, no chart library; the
 * console's security policy forbids inline styles, so colours come from the stylesheet's classes).
 * Every chart carries its numbers as a table too, for screen readers and for reading exact values.
 */
import { html, type Html } from './html.js';

/** One stacked bar: its label and the value of each series, in the chart's series order. */
export interface StackedRow {
  label: string;
  values: number[];
}

export interface StackedChart {
  title: string;
  /** Series names and their stylesheet class (c-0 … c-3). */
  series: Array<{ name: string; className: string }>;
  rows: StackedRow[];
  /** Header of the table's first column. */
  rowHeader: string;
  /** Shown instead of the chart when there are no rows. */
  empty: string;
  /** What the numbers cover, under the title. */
  note?: string;
}

const WIDTH = 600;
const LABEL_WIDTH = 150;
const BAR_HEIGHT = 18;
const GAP = 6;
const TOTAL_WIDTH = 50;

/** Horizontal stacked bars, one per row, scaled to the largest total; then the same numbers as a table. */
export function stackedBars(chart: StackedChart, id: string): Html {
  const note = chart.note ? html`<p class="muted">${chart.note}</p>` : '';
  if (!chart.rows.length) return html`<section class="box"><h2>${chart.title}</h2>${note}<p class="muted">${chart.empty}</p></section>`;
  const totals = chart.rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const plot = WIDTH - LABEL_WIDTH - TOTAL_WIDTH;
  const height = chart.rows.length * (BAR_HEIGHT + GAP);
  const bars = chart.rows.map((row, i) => {
    const y = i * (BAR_HEIGHT + GAP);
    let x = LABEL_WIDTH;
    const segments = row.values.map((v, s) => {
      const w = (v / max) * plot;
      const rect = v > 0 ? html`<rect class="${chart.series[s]!.className}" x="${x.toFixed(1)}" y="${y}" width="${Math.max(w, 1).toFixed(1)}" height="${BAR_HEIGHT}"><title>${row.label} · ${chart.series[s]!.name}: ${v}</title></rect>` : '';
      x += w;
      return rect;
    });
    return html`<text x="${LABEL_WIDTH - 6}" y="${y + BAR_HEIGHT - 5}" text-anchor="end">${row.label}</text>${segments}<text x="${(x + 4).toFixed(1)}" y="${y + BAR_HEIGHT - 5}">${totals[i]!}</text>`;
  });
  const legend = chart.series.map((s) => html`<span class="key"><svg width="12" height="12" aria-hidden="true"><rect class="${s.className}" width="12" height="12"/></svg> ${s.name}</span>`);
  const table = html`<table><caption class="muted">Số liệu của biểu đồ</caption><thead><tr><th scope="col">${chart.rowHeader}</th>${chart.series.map(
    (s) => html`<th scope="col">${s.name}</th>`,
  )}<th scope="col">Cộng</th></tr></thead><tbody>${chart.rows.map(
    (r, i) => html`<tr><th scope="row">${r.label}</th>${r.values.map((v) => html`<td>${v}</td>`)}<td>${totals[i]!}</td></tr>`,
  )}</tbody></table>`;
  return html`<section class="box chart"><h2 id="${id}">${chart.title}</h2>${note}<p class="row">${legend}</p>
<svg class="stacked" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}" preserveAspectRatio="xMinYMin meet">${bars}</svg>
<details><summary>Xem bảng số</summary><div class="scroll">${table}</div></details></section>`;
}
