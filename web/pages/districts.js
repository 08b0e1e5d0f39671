// 区县 (a city's workspace, shown when it has 区县.toml): the city's districts in the chosen
// period — each one's status and, once published, the figures of its own assessment and its
// bulletin's ranking tables; the office gathers the published figures into the period's
// 指标-区县结果.csv, which the city's scheme then scores (总览). A district's liaison sees its
// own district only. The same as `zwgk city show` and `zwgk city gather`.
// API: GET /periods/{id}/districts, POST /periods/{id}/districts/gather.
// Route: #/districts?period=&district=

import * as api from '../api.js';
import { h, clear, dataTable, tabs, loading, empty, card, button, toast, clearError, setError } from '../ui.js';
import { loadPeriods, periodSelect, filterBar, periodWord } from './common.js';

// The figures' order (docs/city.md); a figure the API gives beyond these follows them.
const FIGURES = ['单位数', '合计', '平均分', '最高分', '最低分', '无扣分单位数', '有扣分单位数'];
const PUBLISHED = new Set(['draft', 'final']); // 已公示, 已定稿

export async function render(ctx) {
  const { root, user, query } = ctx;
  root.append(loading());
  const { periods, current } = await loadPeriods(ctx);
  if (!ctx.alive()) return;
  clear(root);
  if (!current) { root.append(empty('还没有任何季度的数据')); return; }
  const state = { period: current, district: query.get('district') || '', data: null };

  const periodEl = periodSelect(periods, current, (id) => {
    state.period = periods.find((p) => p.id === id);
    ctx.rememberedPeriod.set(id);
    ctx.setQuery({ period: id });
    load();
  });
  const gatherBtn = user.role === 'admin'
    ? button('汇总区县结果', { type: 'primary', testid: 'districts-gather', onClick: () => gather(),
      title: '把各区县本期已公示的结果写入本期的 指标-区县结果.csv' })
    : null;
  const body = h('div');
  root.append(filterBar([periodWord(periods), periodEl], gatherBtn), body);

  let seq = 0;
  async function load() {
    const mine = ++seq;
    clearError();
    clear(body).append(loading('正在读取各区县的考核结果…'));
    let result;
    try {
      result = await api.get(`/periods/${api.seg(state.period.id)}/districts`);
    } catch (err) {
      if (mine !== seq || !ctx.alive()) return;
      clear(body);
      ctx.fail(err, '各区县的结果加载失败');
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    state.data = result.districts || [];
    draw();
  }

  async function gather() {
    clearError();
    gatherBtn.disabled = true;
    try {
      const r = await api.post(`/periods/${api.seg(state.period.id)}/districts/gather`, {});
      if (!ctx.alive()) return;
      toast(r.changed ? `已汇总 ${r.districts.length} 个区县的结果，写入 ${r.path}` : `各区县的结果没有变化，${r.path} 未改动`);
      state.data = r.districts;
      draw();
    } catch (err) {
      if (!ctx.alive()) return;
      if (err.status === 422 || err.status === 400) setError(`无法汇总：${err.message}`, err.problems || []);
      else ctx.fail(err, '汇总失败');
    } finally {
      gatherBtn.disabled = false;
    }
  }

  function draw() {
    clear(body);
    if (!state.data.length) { body.append(empty('没有可查看的区县')); return; }
    body.append(summaryCard(), tablesCard());
  }

  function figureNames() {
    const extra = new Set();
    for (const d of state.data) for (const k of Object.keys(d.figures || {})) if (!FIGURES.includes(k)) extra.add(k);
    return [...FIGURES, ...extra];
  }

  function summaryCard() {
    const published = (d) => PUBLISHED.has(d.status_code);
    const columns = [
      { key: 'unit', title: '区县', render: (d) => h('strong', {}, d.unit) },
      { key: 'status', title: '状态', render: (d) => h('span', { class: `period-status period-status-${d.status_code}` }, d.status) },
      ...figureNames().map((name) => ({ key: name, title: name, align: 'right', value: (d) => d.figures?.[name] ?? '',
        render: (d) => (published(d) ? d.figures?.[name] ?? '—' : '—') })),
    ];
    if (user.role === 'admin') columns.push({ key: 'source', title: '数据位置', render: (d) => h('span', { class: 'muted' }, d.source) });
    const waiting = state.data.filter((d) => !published(d)).map((d) => d.unit);
    return card('各区县本期情况',
      dataTable({ columns, rows: state.data, testid: 'districts-table' }).el,
      h('p', { class: 'form-hint', testid: 'districts-note' },
        waiting.length ? `${waiting.join('、')}尚未公示，公示后才显示得分，也才能汇总。` : user.role === 'unit' ? '' : '各区县均已公示。',
        user.role === 'admin' ? '汇总后，各区县的数字写入本期的 指标-区县结果.csv，按市的考核方案计分（见“总览”）。' : ''));
  }

  function tablesCard() {
    const shown = state.data.filter((d) => (d.tables || []).length);
    if (!shown.length) return card('各区县通报中的排名', empty('还没有已公示的区县'));
    if (!shown.some((d) => d.unit === state.district)) state.district = shown[0].unit;
    const district = shown.find((d) => d.unit === state.district);
    const bar = tabs(shown.map((d) => ({ key: d.unit, label: d.unit, testid: `district-tab-${d.unit}` })), state.district,
      (key) => { state.district = key; ctx.setQuery({ district: key }); draw(); });
    return card('各区县通报中的排名', bar, district.tables.map((t) => h('div', { class: 'district-table' },
      h('h3', { class: 'district-table-title' }, t.title),
      dataTable({
        testid: 'district-ranking',
        columns: [{ key: 'rank', title: '名次', align: 'right', width: '5em' }, { key: 'unit', title: '单位' },
          { key: 'total', title: '得分', align: 'right' }],
        rows: t.rows, maxHeight: '420px',
      }).el)));
  }

  load();
}
