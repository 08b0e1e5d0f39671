// DOM helpers: element building (text only, never HTML), tables, forms,
// dialogs, messages and formatting. Server data must only reach the page
// through text nodes / attributes set here, or through esc().

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'multiple', 'required', 'readOnly']);

// h('div', {class: 'x', testid: 'y', onclick: fn}, 'text', child, [more]) — strings become text nodes.
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  setProps(el, props);
  append(el, children);
  return el;
}

function setProps(el, props) {
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false && !PROPS.has(k)) continue;
    if (k === 'innerHTML') throw new Error('innerHTML is not allowed');
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false || c === '') continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// ---------------------------------------------------------------- formatting

const pad = (n) => String(n).padStart(2, '0');

// Unix seconds → "2020-10-10 09:30:00", Beijing time (UTC+8, no DST).
export function fmtTime(sec) {
  if (sec === null || sec === undefined || sec === '') return '';
  const d = new Date((Number(sec) + 8 * 3600) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function fmtSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// "2020-07" → "7月"; with year: "2020年7月".
export function monthLabel(ym, withYear = false) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(ym));
  if (!m) return String(ym);
  return withYear ? `${m[1]}年${Number(m[2])}月` : `${Number(m[2])}月`;
}

export const roleLabel = { admin: '管理员', unit: '单位用户', viewer: '只读用户' };

// ---------------------------------------------------------------- messages

let errorBox = null;

// The page-level error box (one per page, data-testid="error-message").
export function bindErrorBox(el) { errorBox = el; }

export function setError(message, problems = [], note = '') {
  if (!errorBox) return;
  clear(errorBox);
  errorBox.hidden = false;
  append(errorBox, [
    h('div', { class: 'alert-title' }, message),
    problems.length ? problemList(problems, undefined, note) : null,
  ]);
  errorBox.scrollIntoView({ block: 'nearest' });
}

export function clearError() {
  if (!errorBox) return;
  clear(errorBox);
  errorBox.hidden = true;
}

// Reports an error from an API call in the page's error box.
export function showApiError(err, prefix = '') {
  if (err && err.status === 401) return; // the app is already going to the login page
  const msg = err && err.message ? err.message : String(err);
  setError(prefix ? `${prefix}：${msg}` : msg, (err && err.problems) || [], (err && err.problemsNote) || '');
}

// ---- uploads: the one problem list (issue 14) ----

// Where a problem points: "“投稿.csv” 第17行第3列（单位）", without the file
// when it is `here` (the file the list is about). '' when it names no place.
export function problemPlace(p, here = '') {
  let out = p.file && p.file !== here ? `“${p.file}”` : '';
  if (p.sheet) out += `${out ? ' ' : ''}工作表“${p.sheet}”`;
  if (p.line > 0) out += `${out ? ' ' : ''}第${p.line}行`;
  if (p.column > 0) out += `第${p.column}列`;
  if (p.column_name) out += `（${p.column_name}）`;
  return out;
}

// A problem as one line: its place and its message, without the "错误："
// the badge already says. Problems that only have a text (mail) keep it.
export function problemText(p, here = '') {
  if (typeof p.message !== 'string') return p.text || '';
  const place = problemPlace(p, here);
  return place ? `${place}：${p.message}` : p.message;
}

// Problems in the order of their places: those without a file first, then
// by file, sheet, line and column (the order reported among equals).
export function sortedProblems(problems) {
  const key = (p) => [p.file || '', p.sheet || '', p.line || 0, p.column || 0];
  return problems.map((p, i) => ({ p, i })).sort((a, b) => {
    const x = key(a.p), y = key(b.p);
    for (let k = 0; k < x.length; k++) {
      if (x[k] < y[k]) return -1;
      if (x[k] > y[k]) return 1;
    }
    return a.i - b.i;
  });
}

// The listed problems sorted by place, each under a 错误/警告 badge; `note`
// says how many more the server counted but did not list. Each item's id is
// `${idPrefix}${its index in problems}` when idPrefix is given (the upload
// preview links its marked cells to them); `here`: the file left unnamed.
export function problemList(problems, testid, note = '', { here = '', idPrefix = '' } = {}) {
  return h('ul', { class: 'problem-list', testid },
    sortedProblems(problems).map(({ p, i }) => h('li', {
      class: p.severity === 'warning' ? 'is-warning' : 'is-error', id: idPrefix ? `${idPrefix}${i}` : null,
    },
    h('span', { class: 'tag ' + (p.severity === 'warning' ? 'tag-warning' : 'tag-danger') },
      p.severity === 'warning' ? '警告' : '错误'),
    ' ', problemText(p, here))),
    note ? h('li', { class: 'problem-more muted', testid: 'problems-omitted' }, note) : null);
}

// An upload's progress: a bar with the percentage of the bytes sent, then
// "正在检查…" while the server works. `set(sent, total)`; `checking()`.
export function uploadProgress(label = '正在上传') {
  const bar = h('progress', { max: '100', value: '0', 'aria-label': label });
  const text = h('span', { class: 'upload-progress-text' }, `${label}…`);
  const el = h('div', { class: 'upload-progress', role: 'status', testid: 'upload-progress' }, bar, text);
  return {
    el,
    set(sent, total) {
      const pct = total > 0 ? Math.min(100, Math.floor((sent * 100) / total)) : 0;
      bar.value = pct;
      text.textContent = `${label}… ${pct}%（${fmtSize(sent)} / ${fmtSize(total)}）`;
    },
    checking(what = '正在检查…') {
      bar.removeAttribute('value');  // indeterminate
      text.textContent = what;
    },
  };
}
// ---- end uploads ----

let toastHost = null;
export function toast(message, type = 'success') {
  if (!toastHost) {
    toastHost = h('div', { class: 'toast-host', role: 'status', 'aria-live': 'polite' });
    document.body.append(toastHost);
  }
  const t = h('div', { class: `toast toast-${type}`, testid: 'message' }, message);
  toastHost.append(t);
  setTimeout(() => t.remove(), 3500);
}

export function clearToasts() { if (toastHost) clear(toastHost); }

export const loading = (text = '加载中…') => h('div', { class: 'loading' }, h('span', { class: 'spinner' }), text);
export const empty = (text = '暂无数据') => h('div', { class: 'empty' }, text);

// ---------------------------------------------------------------- controls

export function button(text, { type = 'default', onClick, testid, disabled, size, title, htmlType = 'button' } = {}) {
  return h('button', { type: htmlType, class: ['btn', `btn-${type}`, size && `btn-${size}`], testid, disabled,
    title, onclick: onClick }, text);
}

// options: [{value, label}] or strings.
export function select({ options, value, testid, onChange, id, placeholder, cls }) {
  const el = h('select', { class: ['input', cls], testid, id });
  if (placeholder !== undefined) el.append(h('option', { value: '' }, placeholder));
  for (const o of options) {
    const opt = typeof o === 'object' ? o : { value: o, label: o };
    el.append(h('option', { value: opt.value, disabled: opt.disabled }, opt.label));
  }
  if (value !== undefined && value !== null) el.value = value;
  if (onChange) el.addEventListener('change', () => onChange(el.value));
  return el;
}

export function input(props = {}) {
  return h('input', { class: 'input', type: 'text', autocomplete: 'off', ...props });
}

let fieldSeq = 0;
// A labelled form row (Element's el-form-item). control may be an element or array.
export function field(label, control, { hint, required, wide } = {}) {
  const first = Array.isArray(control) ? control[0] : control;
  if (first && !first.id && /^(INPUT|SELECT|TEXTAREA)$/.test(first.tagName)) first.id = `f${++fieldSeq}`;
  return h('div', { class: ['form-item', wide && 'form-item-wide'] },
    h('label', { class: ['form-label', required && 'is-required'], for: first && first.id }, label),
    h('div', { class: 'form-control' }, control, hint ? h('div', { class: 'form-hint' }, hint) : null));
}

export function tabs(items, active, onChange) {
  const bar = h('div', { class: 'tabs', role: 'tablist' });
  for (const it of items) {
    bar.append(h('button', {
      type: 'button', role: 'tab', class: ['tab', it.key === active && 'is-active'], testid: it.testid,
      'aria-selected': String(it.key === active),
      onclick: () => { if (it.key !== active) onChange(it.key); },
    }, it.label));
  }
  return bar;
}

export function card(title, ...body) {
  return h('section', { class: 'card' }, title ? h('div', { class: 'card-header' }, title) : null,
    h('div', { class: 'card-body' }, body));
}

// Modal dialog. onOk may return false (or a promise of false) to stay open.
export function dialog({ title, body, okText = '确定', onOk, testid }) {
  const prevFocus = document.activeElement;
  const close = () => { overlay.remove(); document.removeEventListener('keydown', onKey); prevFocus?.focus?.(); };
  const onKey = (e) => { if (e.key === 'Escape') close(); };
  const ok = button(okText, { type: 'primary', testid: testid && `${testid}-ok` });
  ok.addEventListener('click', async () => {
    ok.disabled = true;
    try {
      if ((await onOk?.()) !== false) close();
    } finally { ok.disabled = false; }
  });
  const panel = h('div', { class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-label': title, testid },
    h('div', { class: 'dialog-header' }, h('span', {}, title),
      h('button', { type: 'button', class: 'dialog-close', 'aria-label': '关闭', onclick: close }, '×')),
    h('div', { class: 'dialog-body' }, body),
    h('div', { class: 'dialog-footer' }, button('取消', { onClick: close }), ok));
  const overlay = h('div', { class: 'dialog-overlay', onmousedown: (e) => { if (e.target === overlay) close(); } }, panel);
  document.body.append(overlay);
  document.addEventListener('keydown', onKey);
  panel.querySelector('input, select, textarea')?.focus();
  return { close };
}

// ---------------------------------------------------------------- tables

const collator = new Intl.Collator('zh-CN', { numeric: true });
const NUMERIC = /^-?\d+(\.\d+)?$/;

function sortValue(v) {
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return v;
}

function compare(a, b) {
  a = sortValue(a);
  b = sortValue(b);
  const an = a === null || a === undefined || a === '';
  const bn = b === null || b === undefined || b === '';
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

// Element-like table: striped, bordered, sticky header, sortable columns.
// columns: [{key, title, render(row) → node|string, value(row) for sorting, sortable, align, cls, width}]
// Returns {el, setRows(rows)}. Rows keep their given order until a header is clicked.
export function dataTable({ columns, rows = [], testid, rowAttrs, onRowClick, emptyText = '暂无数据', maxHeight, sort }) {
  let data = rows;
  let sortKey = sort?.key || null;
  let sortDir = sort?.dir || null; // 'asc' | 'desc' | null
  const tbody = h('tbody');
  const headRow = h('tr');
  const table = h('table', { class: 'table', testid }, h('thead', {}, headRow), tbody);
  // Focusable, so that a table wider or taller than its box scrolls from the keyboard too.
  const scroll = h('div', { class: 'table-scroll', tabindex: '0' }, table);
  if (maxHeight) scroll.style.maxHeight = maxHeight;
  const el = h('div', { class: 'table-wrap' }, scroll);

  const valueOf = (c, r) => (c.value ? c.value(r) : r[c.key]);

  function renderHead() {
    clear(headRow);
    for (const c of columns) {
      const th = h('th', { class: [c.align && `is-${c.align}`, c.sortable && 'is-sortable', c.cls], scope: 'col' });
      if (c.width) th.style.width = c.width; // CSSOM, not a style attribute: fine under a strict CSP
      if (c.sortable) {
        const dir = sortKey === c.key ? sortDir : null;
        th.setAttribute('aria-sort', dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none');
        th.append(h('button', { type: 'button', class: ['th-sort', dir && `is-${dir}`], dataset: { key: c.key },
          onclick: () => cycle(c.key) }, c.title, h('span', { class: 'caret', 'aria-hidden': 'true' })));
      } else {
        th.append(c.title instanceof Node ? c.title : document.createTextNode(c.title ?? ''));
      }
      headRow.append(th);
    }
  }

  function cycle(key) {
    if (sortKey !== key) { sortKey = key; sortDir = 'asc'; }
    else sortDir = sortDir === 'asc' ? 'desc' : sortDir === 'desc' ? null : 'asc';
    if (!sortDir) sortKey = null;
    renderHead();
    renderBody();
  }

  function renderBody() {
    clear(tbody);
    let list = data;
    const col = columns.find((c) => c.key === sortKey);
    if (col && sortDir) {
      list = data.map((r, i) => [r, i]).sort((x, y) => {
        const d = compare(valueOf(col, x[0]), valueOf(col, y[0]));
        return (sortDir === 'desc' ? -d : d) || x[1] - y[1];
      }).map((x) => x[0]);
    }
    if (!list.length) {
      tbody.append(h('tr', { class: 'is-empty' }, h('td', { colspan: columns.length }, emptyText)));
      return;
    }
    for (const r of list) {
      const tr = h('tr', rowAttrs ? rowAttrs(r) : {});
      if (onRowClick) {
        tr.classList.add('is-clickable');
        tr.addEventListener('click', (e) => { if (!e.target.closest('a, button, input, select')) onRowClick(r, e); });
      }
      for (const c of columns) {
        const v = c.render ? c.render(r) : r[c.key];
        tr.append(h('td', { class: [c.align && `is-${c.align}`, c.cls] }, v instanceof Node ? v : v ?? ''));
      }
      tbody.append(tr);
    }
  }

  renderHead();
  renderBody();
  return { el, setRows(next) { data = next; renderBody(); } };
}

// A simple list of label/value pairs.
export function descriptions(items) {
  return h('dl', { class: 'descriptions' },
    items.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : v ?? '')]));
}
