// Helpers shared by the pages: the period choice and the filter bar.

import * as api from '../api.js';
import { h, clear, select, input, field, dialog, toast, button } from '../ui.js';

// Loads the periods and picks the current one: ?period=, then the one chosen
// last in this tab, then the API's latest.
export async function loadPeriods(ctx) {
  const { periods = [], latest } = await api.periods();
  let id = ctx.query.get('period') || ctx.rememberedPeriod.get() || latest;
  if (!periods.some((p) => p.id === id)) id = latest || (periods.length ? periods[periods.length - 1].id : '');
  if (id) ctx.rememberedPeriod.set(id);
  return { periods, latest, current: periods.find((p) => p.id === id) || null };
}

// Newest period first.
export function periodSelect(periods, current, onChange) {
  return select({
    testid: 'period-select',
    options: [...periods].reverse().map((p) => ({
      value: p.id, label: (p.name || p.id) + (p.status && p.status !== '进行中' ? `（${p.status}）` : ''),
    })),
    value: current ? current.id : '',
    onChange,
  });
}

export function filterBar(...items) {
  return h('div', { class: 'filter-bar' }, items.map((it) =>
    Array.isArray(it) ? h('label', { class: 'filter-item' }, h('span', { class: 'filter-label' }, it[0]), it[1]) : it));
}

// "区商务局" + period → "#/unit/%E5%8C%BA…?period=2020Q3"
export const unitHref = (ctx, name, period) => ctx.href(['unit', name], { period });

// ---- period lifecycle (issue 14): status, 新建季度, 通报日期 ----

// The period's status as a badge: 未开始 进行中 已公示 已定稿.
export function statusBadge(period) {
  const code = period?.status_code || 'open';
  return h('span', { class: `period-status period-status-${code}`, testid: 'period-status' }, period?.status || '进行中');
}

// The dialog's error line.
function dialogError() {
  return h('div', { class: 'alert alert-error', hidden: true, role: 'alert', testid: 'dialog-error' });
}
function showDialogError(el, e) {
  const more = (e.problems || []).map((p) => p.text || p.message).filter((t) => t && t !== e.message);
  el.textContent = e.message + (more.length ? `：${more.join('；')}` : '');
  el.hidden = false;
}

// What the period selector is called: 季度 while every period is a quarter (and before any),
// 月份 for months, else 期间 (issue 16: periods of any length).
export function periodWord(periods) {
  const ids = (periods || []).map((p) => (typeof p === 'string' ? p : p.id));
  if (ids.every((id) => /^\d{4}Q[1-4]$/.test(id))) return '季度';
  if (ids.every((id) => /^\d{4}-\d{2}$/.test(id))) return '月份';
  return '期间';
}

// The period after the newest folder, of the same length: "2020Q3" → "2020Q4",
// "2021-12" → "2022-01", "2020H2" → "2021H1", "2020" → "2021".
export function nextPeriod(periods) {
  const last = periods.length ? periods[periods.length - 1].id : '';
  const forms = [[/^(\d{4})Q([1-4])$/, 4, (y, n) => `${y}Q${n}`],
    [/^(\d{4})-(\d{2})$/, 12, (y, n) => `${y}-${String(n).padStart(2, '0')}`],
    [/^(\d{4})H([12])$/, 2, (y, n) => `${y}H${n}`]];
  for (const [re, count, id] of forms) {
    const m = re.exec(last);
    if (m) return Number(m[2]) === count ? id(Number(m[1]) + 1, 1) : id(Number(m[1]), Number(m[2]) + 1);
  }
  return /^\d{4}$/.test(last) ? String(Number(last) + 1) : '';
}

// 成文日期 and 整改期限 inputs; the deadline is proposed from the working-day
// calendar (GET /period-deadline) whenever the date changes, and stays editable.
function dateFields(periodOf, initial = {}) {
  const published = input({ type: 'date', value: initial.published || '', testid: 'period-published', class: 'input' });
  const deadline = input({ type: 'date', value: initial.deadline || '', testid: 'period-deadline', class: 'input' });
  const hint = h('div', { class: 'form-hint', testid: 'period-deadline-hint' }, '整改期限按考核方案的整改工作日数和工作日历推算，可修改');
  let edited = Boolean(initial.deadline);
  deadline.addEventListener('input', () => { edited = true; });
  const propose = async () => {
    const period = periodOf();
    if (!published.value || !period) return;
    try {
      const r = await api.get('/period-deadline', { period, published: published.value });
      if (!edited || !deadline.value) { deadline.value = r.deadline; edited = false; }
      clear(hint).append(`按工作日历推算：${r.deadline}（可修改）`);
    } catch (e) {
      clear(hint).append(e.message);
    }
  };
  published.addEventListener('change', propose);
  return {
    published, deadline, propose,
    nodes: [field('成文日期', published, { required: true }), field('整改期限', [deadline, hint])],
    value: () => ({ published: published.value, deadline: deadline.value }),
  };
}

// 新建季度 (admin): the period's folder and its 通报模板.txt.
export function newPeriodDialog(periods, onCreated) {
  const id = input({ value: nextPeriod(periods), testid: 'period-id', class: 'input input-narrow', placeholder: '2020Q4' });
  const dates = dateFields(() => id.value.trim());
  id.addEventListener('change', dates.propose);
  const from = input({ type: 'date', testid: 'period-from', class: 'input input-narrow', 'aria-label': '考核期的第一天' });
  const to = input({ type: 'date', testid: 'period-to', class: 'input input-narrow', 'aria-label': '考核期的最后一天' });
  const err = dialogError();
  dialog({
    title: '新建季度', testid: 'new-period-dialog', okText: '新建',
    body: h('div', { class: 'form' },
      h('p', { class: 'form-hint' }, '新建季度文件夹和通报模板（成文日期、整改期限）。放入数据文件之前，新季度显示为“未开始”，不是默认季度。'),
      field('季度', id, { required: true, hint: '年份加季度，如 2020Q4；按月考核写 2021-03，半年写 2020H1，全年写 2020' }),
      ...dates.nodes,
      field('考核期', h('span', { class: 'picker' }, from, '至', to),
        { hint: '本期统计的起止日期；不填时按考核方案（通常为自然季度或月份）' }), err),
    onOk: async () => {
      try {
        const window = from.value || to.value ? { from: from.value, to: to.value } : {};
        const r = await api.post('/periods', { period: id.value.trim(), ...dates.value(), ...window });
        api.clearCache();
        toast(`已新建季度 ${r.name}`);
        onCreated?.(r);
        return true;
      } catch (e) {
        if (e.status === 401) return true;
        showDialogError(err, e);
        return false;
      }
    },
  });
}

// 修改通报日期 (admin): the 成文日期 and 整改期限 of an existing period.
export async function periodFieldsDialog(period, onSaved) {
  const current = await api.get(`/periods/${api.seg(period.id)}/fields`);
  const dates = dateFields(() => period.id, current);
  const err = dialogError();
  dialog({
    title: `${period.name}通报日期`, testid: 'period-fields-dialog', okText: '保存',
    body: h('div', { class: 'form' }, h('p', { class: 'form-hint' }, '写入该季度的 通报模板.txt，保留旧版本并记入审计日志。'), ...dates.nodes, err),
    onOk: async () => {
      try {
        await api.put(`/periods/${api.seg(period.id)}/fields`, dates.value());
        api.clearCache();
        toast('通报日期已保存');
        onSaved?.();
        return true;
      } catch (e) {
        if (e.status === 401) return true;
        showDialogError(err, e);
        return false;
      }
    },
  });
}

// The 状态 card: the period's status and, when it may not be published or
// downloaded yet, every reason (GET /periods/{id}/readiness).
export async function readinessCard(ctx, period, { admin, onChange } = {}) {
  const r = await api.get(`/periods/${api.seg(period.id)}/readiness`);
  const actions = admin ? h('div', { class: 'period-actions' },
    button('修改通报日期', { testid: 'period-fields', onClick: () => periodFieldsDialog(period, onChange).catch((e) => ctx.fail(e)) })) : null;
  const body = r.ready
    ? h('div', { class: 'alert alert-success', testid: 'readiness-ok' }, '数据和通报模板齐全，可以公示和下载通报。')
    : h('div', { class: 'alert alert-warning', testid: 'readiness-reasons' },
      h('div', {}, '还不能公示或下载通报，原因：'),
      h('ul', { class: 'readiness-list' }, r.reasons.map((t) => h('li', {}, t))));
  return { ready: r.ready, reasons: r.reasons, el: h('section', { class: 'card', testid: 'readiness-card' },
    h('div', { class: 'card-header' }, h('span', {}, `${period.name} 状态 `), statusBadge(r)),
    h('div', { class: 'card-body' }, body, actions)) };
}

// A confirmation dialog that POSTs {} to `url` (a browser's DELETE without a body carries no
// Content-Length, which the server requires): the server's refusal stays in the dialog; after
// success the cache is cleared, `done` toasted and onDone called.
// `extra`: more of the dialog's body (e.g. a reason's field); `body()`: what is posted.
export function confirmPost({ title, testid, text, okText = '删除', url, done, onDone, extra = null, body = () => ({}) }) {
  const err = h('div', { class: 'alert alert-error', hidden: true, role: 'alert', testid: 'dialog-error' });
  dialog({
    title, testid, okText, body: h('div', {}, h('p', {}, text), extra, err),
    onOk: async () => {
      try {
        await api.post(url, body());
      } catch (e) {
        if (e.status === 401) return true;
        err.textContent = e.message;
        err.hidden = false;
        return false;
      }
      api.clearCache();
      if (done) toast(done);
      onDone?.();
      return true;
    },
  });
}
