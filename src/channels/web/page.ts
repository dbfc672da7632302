/**
 * The web chat page: one self-contained HTML document (inline CSS and JS, no external resources,
 * since deployments may sit on a closed network), mobile-first and in Vietnamese.
 * A TS module rather than an .html file so the compiled build in dist/ carries it without a copy step.
 *
 * Reply text is only ever inserted with textContent, never innerHTML, so content cannot inject markup.
 * The Content-Security-Policy allows exactly this inline script and style (by hash) and same-origin fetches.
 */
import { createHash } from 'node:crypto';

const STYLE = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{display:flex;flex-direction:column;height:100vh;height:100dvh;background:#eef2f5;color:#1b1f24;
font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
.top{background:#0b6e4f;color:#fff;padding:10px 16px;padding-top:max(10px,env(safe-area-inset-top))}
.top h1{margin:0;font-size:1.15rem;line-height:1.3}
.top p{margin:2px 0 0;font-size:.85rem;opacity:.92}
.log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;overscroll-behavior:contain}
.msg{max-width:88%;padding:9px 12px;border-radius:14px;white-space:pre-wrap;overflow-wrap:anywhere}
.bot{align-self:flex-start;background:#fff;border-bottom-left-radius:4px;box-shadow:0 1px 1px rgba(0,0,0,.08)}
.me{align-self:flex-end;background:#0b6e4f;color:#fff;border-bottom-right-radius:4px}
.sys{align-self:center;background:#fff3cd;color:#5c4400;font-size:.9rem;text-align:center}
.group{align-self:stretch;display:flex;flex-direction:column;align-items:flex-start;gap:6px}
.cards{display:flex;flex-direction:column;gap:6px;width:88%;max-width:560px}
.card{display:block;width:100%;min-height:52px;padding:9px 12px;text-align:left;font:inherit;color:inherit;cursor:pointer;
background:#fff;border:1px solid #cfd8dc;border-left:4px solid #0b6e4f;border-radius:10px}
.card b{display:block;font-size:1rem}
.card span{display:block;font-size:.88rem;color:#4a5560}
.btns{display:flex;flex-wrap:wrap;gap:6px;width:88%;max-width:560px}
.btns button{flex:1 1 auto;min-height:44px;padding:8px 14px;font:inherit;font-size:.95rem;cursor:pointer;
background:#fff;color:#0b6e4f;border:1.5px solid #0b6e4f;border-radius:22px}
.card:active,.btns button:active{background:#e0f2ea}
.file a{color:#0b6e4f;font-weight:600}
.typing{align-self:flex-start;color:#5f6b74;font-style:italic;font-size:.9rem}
.hint{margin:0;padding:8px 12px;background:#e3f2fd;color:#0d3c61;font-size:.92rem}
.composer{display:flex;gap:8px;padding:8px;padding-bottom:max(8px,env(safe-area-inset-bottom));background:#fff;border-top:1px solid #d5dde2}
.composer input{flex:1;min-width:0;min-height:48px;padding:10px 14px;font:inherit;border:1.5px solid #9aa7b0;border-radius:24px}
.composer button{min-width:76px;min-height:48px;padding:0 16px;font:inherit;font-weight:600;color:#fff;background:#0b6e4f;border:0;border-radius:24px;cursor:pointer}
.composer button:disabled{opacity:.6}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #f5a623;outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0,0,0,0);border:0}
`;

// Plain ES2017 in string form: no build step, and old Android browsers in the countryside still run it.
const SCRIPT = `
(function () {
  'use strict';
  var PAYLOAD_RE = /^[A-Za-z0-9_-]{1,64}$/;
  var POLL_MS = 15000;
  // A turn the bot did not answer went to a person (a hand-off): their answer is looked for sooner.
  var LIVE_POLL_MS = 3000;
  var LIVE_FOR_MS = 10 * 60000;
  var liveUntil = 0;
  var liveTimer = 0;
  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('q');
  var sendBtn = document.getElementById('send');
  var hint = document.getElementById('hint');
  var placeholder = input.placeholder;
  var busy = false;
  // Who this is comes from the HttpOnly cookie the server sets; the page never names a user.
  var lastSeen = 0; // the last inbox message shown, acknowledged on the next poll

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(node) {
    log.appendChild(node);
    log.scrollTop = log.scrollHeight;
    return node;
  }
  function say(text) { add(el('div', 'msg me', text)); }
  function notice(text) { add(el('div', 'msg sys', text)); }

  function askPhone() {
    hint.textContent = 'Vui lòng nhập số điện thoại của bạn (ví dụ 0912 345 678) rồi bấm Gửi.';
    hint.hidden = false;
    input.type = 'tel';
    input.setAttribute('inputmode', 'tel');
    input.setAttribute('autocomplete', 'tel');
    input.placeholder = 'Số điện thoại';
  }
  function resetInput() {
    hint.hidden = true;
    input.type = 'text';
    input.removeAttribute('inputmode');
    input.setAttribute('autocomplete', 'off');
    input.placeholder = placeholder;
  }

  function fileLink(f) {
    var bin = window.atob(f.dataBase64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    // Always a download, never a same-origin document that could run script.
    var url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    var a = el('a', null, 'Tải tệp: ' + f.filename);
    a.href = url;
    a.download = f.filename;
    return a;
  }

  function choice(cls, label, action, build) {
    var b = el('button', cls);
    b.type = 'button';
    build(b);
    b.addEventListener('click', function () { send({ action: action, echo: label.slice(0, 200) }, label); });
    return b;
  }

  function render(reply) {
    var group = el('div', 'group');
    if (reply.text) group.appendChild(el('div', 'msg bot', reply.text));
    if (reply.items && reply.items.length) {
      var cards = el('div', 'cards');
      cards.setAttribute('role', 'list');
      reply.items.forEach(function (it) {
        var card = choice('card', it.title, it.action, function (b) {
          b.appendChild(el('b', null, it.title));
          if (it.subtitle) b.appendChild(el('span', null, it.subtitle));
        });
        card.setAttribute('role', 'listitem');
        cards.appendChild(card);
      });
      group.appendChild(cards);
    }
    (reply.buttons || []).forEach(function (row) {
      var r = el('div', 'btns');
      row.forEach(function (bt) {
        r.appendChild(choice('', bt.label, bt.action, function (b) { b.textContent = bt.label; }));
      });
      group.appendChild(r);
    });
    if (reply.file) {
      var f = el('div', 'msg bot file');
      f.appendChild(fileLink(reply.file));
      group.appendChild(f);
    }
    if (reply.requestContact) askPhone();
    add(group);
  }

  function setBusy(on) {
    busy = on;
    sendBtn.disabled = on;
    log.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function post(body) {
    return fetch('api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin'
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status === 429 ? 'busy' : 'HTTP ' + r.status);
      return r.json();
    });
  }

  /** Sends one turn; echo is what the user sees as their own message (typed text or the chosen label). */
  function send(body, echo) {
    if (busy) return Promise.resolve(false);
    setBusy(true);
    if (echo) say(echo);
    var typing = add(el('div', 'typing', 'Đang trả lời…'));
    return post(body).then(function (data) {
      var replies = data.replies || [];
      replies.forEach(render);
      if (replies.length === 0) { liveUntil = Date.now() + LIVE_FOR_MS; if (!liveTimer) livePoll(); }
      return true;
    }, function (err) {
      notice(err && err.message === 'busy'
        ? 'Bạn gửi nhanh quá. Đợi một phút rồi gửi lại nhé.'
        : 'Chưa gửi được. Vui lòng kiểm tra mạng rồi thử lại.');
      return false;
    }).then(function (ok) {
      if (typing.parentNode) typing.parentNode.removeChild(typing);
      setBusy(false);
      return ok;
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    input.value = '';
    resetInput();
    send({ text: text }, text).then(function (ok) {
      if (!ok && !input.value) input.value = text; // nothing lost on a network error
      input.focus();
    });
  });

  // Messages stay on the server until acknowledged: a poll names the last one shown, so one lost
  // on a bad connection comes again instead of disappearing.
  function poll() {
    if (document.hidden) return;
    fetch('api/chat/inbox' + (lastSeen ? '?ack=' + lastSeen : ''), { cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { replies: [] }; })
      .then(function (d) {
        (d.replies || []).forEach(render);
        if (d.last) { lastSeen = d.last; window.setTimeout(poll, 1000); } // acknowledge soon
      })
      .catch(function () { /* offline: the next poll retries */ });
  }

  function livePoll() {
    liveTimer = 0;
    if (Date.now() > liveUntil) return;
    poll();
    liveTimer = window.setTimeout(livePoll, LIVE_POLL_MS);
  }

  var start = { start: true };
  var payload = new URLSearchParams(window.location.search).get('start');
  if (payload && PAYLOAD_RE.test(payload)) start.payload = payload;
  // A reload shows the recent conversation again; the greeting comes only to a new visitor, or
  // when a link asks for something (?start=...).
  fetch('api/chat/history', { cache: 'no-store', credentials: 'same-origin' })
    .then(function (r) { return r.ok ? r.json() : { turns: [] }; })
    .catch(function () { return { turns: [] }; })
    .then(function (h) {
      var turns = h.turns || [];
      turns.forEach(function (t) {
        if (t.me) say(t.me);
        (t.replies || []).forEach(render);
      });
      // Only the last turn's phone prompt is still a question waiting for an answer.
      resetInput();
      var last = turns[turns.length - 1];
      if (last && (last.replies || []).some(function (r) { return r.requestContact; })) askPhone();
      return turns.length && !start.payload ? true : send(start);
    })
    .then(poll);
  window.setInterval(poll, POLL_MS);
  document.addEventListener('visibilitychange', poll);
})();
`;

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

export const CHAT_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const CHAT_PAGE_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light">
<meta name="theme-color" content="#0b6e4f">
<title>Nghề Bot – Hỏi đáp học nghề</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header class="top">
<h1>Nghề Bot</h1>
<p>Hỏi đáp học nghề, chính sách hỗ trợ, hội chợ việc làm</p>
</header>
<main id="log" class="log" role="log" aria-live="polite" aria-label="Cuộc trò chuyện"></main>
<p id="hint" class="hint" role="status" hidden></p>
<form id="composer" class="composer" autocomplete="off">
<label for="q" class="sr-only">Nhập câu hỏi của bạn</label>
<input id="q" name="q" type="text" maxlength="10000" placeholder="Nhập câu hỏi, ví dụ: học hàn" enterkeyhint="send" aria-describedby="hint">
<button id="send" type="submit">Gửi</button>
</form>
<noscript><p class="hint">Trang này cần bật JavaScript để trò chuyện.</p></noscript>
<script>${SCRIPT}</script>
</body>
</html>
`;
