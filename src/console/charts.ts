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

/** Horizontal stacked bars, one per row, scaled to the largest total; then the same numbers as a table. */
export function stackedBars(chart: StackedChart, id: string): Html {
  const note = chart.note ? html`<p class="muted">${chart.note}</p>` : '';
  if (!chart.rows.length) return html`<section class="box"><h2>${chart.title}</h2>${note}<p class="muted">${chart.empty}</p></section>`;
  const totals = chart.rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  // Labels and totals are HTML (they keep the page's text size on a phone); only the bar is drawn,
  // in a 100-unit-wide box stretched to the bar's cell.
  const bars = chart.rows.map((row, i) => {
    let x = 0;
    const segments = row.values.map((v, s) => {
      const w = (v / max) * 100;
      const rect = v > 0 ? html`<rect class="${chart.series[s]!.className}" x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="10"><title>${row.label} · ${chart.series[s]!.name}: ${v}</title></rect>` : '';
      x += w;
      return rect;
    });
    return html`<div class="bar"><span>${row.label}</span><svg class="stack" viewBox="0 0 100 10" preserveAspectRatio="none">${segments}</svg><b>${totals[i]!}</b></div>`;
  });
  const legend = chart.series.map((s) => html`<span class="key"><svg width="12" height="12" aria-hidden="true"><rect class="${s.className}" width="12" height="12"/></svg> ${s.name}</span>`);
  const table = html`<table id="${id}-table"><caption class="muted">Số liệu của biểu đồ</caption><thead><tr><th scope="col">${chart.rowHeader}</th>${chart.series.map(
    (s) => html`<th scope="col">${s.name}</th>`,
  )}<th scope="col">Cộng</th></tr></thead><tbody>${chart.rows.map(
    (r, i) => html`<tr><th scope="row">${r.label}</th>${r.values.map((v) => html`<td>${v}</td>`)}<td>${totals[i]!}</td></tr>`,
  )}</tbody></table>`;
  return html`<section class="box chart"><h2 id="${id}">${chart.title}</h2>${note}<p class="row">${legend}</p>
<div class="bars" role="img" aria-labelledby="${id}" aria-describedby="${id}-table">${bars}</div>
<details><summary>Xem bảng số</summary><div class="scroll">${table}</div></details></section>`;
}
