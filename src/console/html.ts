/**
 * Server-rendered HTML for the console: a tagged template that escapes every interpolated value
 * unless it is already `Html` (made by this template or `raw`), so content typed by officers or users
 * can never become markup.
 */

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => (out += render(v) + strings[i + 1]!));
  return new Html(out);
}

/** Markup this module made or trusts (a constant): never something a person typed. */
export const raw = (s: string) => new Html(s);

/** `<option>`s with the current value selected. */
export function options(choices: ReadonlyArray<readonly [string, string]>, current: string | undefined): Html {
  return html`${choices.map(([value, label]) => html`<option value="${value}"${current === value ? raw(' selected') : ''}>${label}</option>`)}`;
}

/** A labelled form field with its error (if any) right under it, tied by aria-describedby. */
export function field(opts: { name: string; label: string; value?: string; error?: string; type?: string; required?: boolean; hint?: string; rows?: number }): Html {
  const id = `f-${opts.name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  const described = [opts.error ? `${id}-err` : '', opts.hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  const attrs = html`id="${id}" name="${opts.name}"${opts.required ? raw(' required') : ''}${described ? html` aria-describedby="${described}"` : ''}${
    opts.error ? raw(' aria-invalid="true"') : ''
  }`;
  const control = opts.rows
    ? html`<textarea ${attrs} rows="${opts.rows}">${opts.value ?? ''}</textarea>`
    : html`<input ${attrs} type="${opts.type ?? 'text'}" value="${opts.value ?? ''}">`;
  return html`<div class="field${opts.error ? ' bad' : ''}"><label for="${id}">${opts.label}</label>${control}${
    opts.hint ? html`<small id="${id}-hint">${opts.hint}</small>` : ''
  }${opts.error ? html`<p class="err" id="${id}-err">${opts.error}</p>` : ''}</div>`;
}

/** The anti-forgery token every state-changing form carries. */
export const csrfField = (token: string) => html`<input type="hidden" name="_csrf" value="${token}">`;

export const formatTime = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }) : '';
