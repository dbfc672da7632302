/**
 * The console's page frame: header, navigation, main; one stylesheet served from /admin/console.css
 * (no inline style or script, so the Content-Security-Policy can forbid both). Mobile first: one
 * column at 360 px, tables scroll sideways inside their box rather than widening the page.
 */
import { html, raw, type Html } from './html.js';

export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f3f5f7;color:#1b1f24;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
a{color:#0b5e44}
header{background:#0b6e4f;color:#fff;padding:8px 12px;display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px}
header .brand{font-weight:700;color:#fff;text-decoration:none;margin-right:auto}
header .who{font-size:.9rem;opacity:.95}
header form button{background:transparent;color:#fff;border:1px solid #fff;border-radius:6px;min-height:36px;padding:2px 10px;font:inherit;cursor:pointer}
nav{background:#fff;border-bottom:1px solid #d5dde2;overflow-x:auto;white-space:nowrap}
nav a{display:inline-block;padding:10px 12px;min-height:44px;text-decoration:none;color:#1b1f24}
nav a[aria-current="page"]{border-bottom:3px solid #0b6e4f;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:12px}
h1{font-size:1.35rem;margin:.4em 0}
h2{font-size:1.1rem;margin:1.2em 0 .4em}
.box{background:#fff;border:1px solid #d5dde2;border-radius:8px;padding:12px;margin:10px 0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e3e8ec;padding:6px 8px;text-align:left;vertical-align:top}
th{font-size:.9rem;color:#4a5560}
.field{margin:0 0 12px;display:flex;flex-direction:column;gap:3px}
.field label{font-weight:600}
.field small{color:#4a5560}
input,select,textarea{font:inherit;padding:8px 10px;min-height:44px;border:1.5px solid #9aa7b0;border-radius:6px;background:#fff;width:100%;max-width:100%}
textarea{min-height:90px}
.bad input,.bad select,.bad textarea{border-color:#b3261e}
.err{color:#b3261e;margin:2px 0 0;font-size:.92rem}
.btn,button{font:inherit;min-height:44px;padding:6px 16px;border-radius:6px;border:1.5px solid #0b6e4f;background:#0b6e4f;color:#fff;cursor:pointer}
.btn.light{background:#fff;color:#0b6e4f}
.btn.danger{background:#fff;color:#b3261e;border-color:#b3261e}
a.btn{display:inline-flex;align-items:center;text-decoration:none}
form.inline{display:inline}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;align-items:end}
.filters .field{margin:0}
.notice{background:#e3f2fd;color:#0d3c61;border-radius:6px;padding:8px 12px}
.alert{background:#fdecea;color:#7a1c16;border-radius:6px;padding:8px 12px}
.muted{color:#5f6b74}
.tag{display:inline-block;font-size:.8rem;padding:1px 6px;border-radius:10px;background:#e0f2ea;color:#0b5e44}
.bars{display:flex;flex-direction:column;gap:4px}
.bar{display:grid;grid-template-columns:minmax(90px,30%) 1fr auto;gap:8px;align-items:center;font-size:.92rem}
.bar meter{width:100%;height:14px}
svg.stack{width:100%;height:14px;display:block;background:#eef1f3}
.c-0{fill:#0b6e4f}.c-1{fill:#e07b00}.c-2{fill:#3f6fb5}.c-3{fill:#8e5aa8}
.key{display:inline-flex;align-items:center;gap:4px;font-size:.9rem}
.row{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.login{max-width:380px;margin:40px auto}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#0b5e44;padding:8px 12px;z-index:1}
.skip:focus{left:8px;top:8px}
pre.reply{white-space:pre-wrap;background:#fff;border-left:4px solid #0b6e4f;padding:8px 12px;margin:6px 0}
@media (min-width:720px){.two{display:grid;grid-template-columns:1fr 1fr;gap:12px}}
`;

/** The console only serves its own stylesheet and forms to itself: no script, no inline style, no framing. */
export const CONSOLE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export interface NavEntry {
  path: string;
  label: string;
  adminOnly?: boolean;
}

export interface Frame {
  title: string;
  /** Path of the nav entry to mark as current. */
  current?: string;
  /** Who is signed in (undefined on the login page). */
  officer?: { username: string; admin: boolean; provinceName?: string };
  csrf?: string;
  nav: readonly NavEntry[];
  notice?: string;
}

export function page(frame: Frame, body: Html): Html {
  const o = frame.officer;
  const nav = o
    ? html`<nav aria-label="Mục chính">${frame.nav
        .filter((n) => !n.adminOnly || o.admin)
        .map((n) => html`<a href="${n.path}"${n.path === frame.current ? raw(' aria-current="page"') : ''}>${n.label}</a>`)}</nav>`
    : '';
  const who = o
    ? html`<span class="who">${o.username} · ${o.admin ? 'quản trị' : (o.provinceName ?? '')}</span>
      <form method="post" action="/admin/logout" class="inline"><input type="hidden" name="_csrf" value="${frame.csrf ?? ''}"><button>Đăng xuất</button></form>`
    : '';
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} – Nghề Bot quản trị</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/admin/console.css"></head>
<body><a class="skip" href="#main">Bỏ qua, đến nội dung chính</a><header><a class="brand" href="/admin">Nghề Bot · Quản trị</a>${who}</header>${nav}
<main id="main">${frame.notice ? html`<p class="notice" role="status">${frame.notice}</p>` : ''}${body}</main></body></html>`;
}
