// 总览: ranking table, this month's progress, and charts (histogram + trends).

import * as api from '../api.js';
import { h, clear, dataTable, select, input, tabs, loading, empty, monthLabel, setError, clearError } from '../ui.js';
import { histogram, lineChart, PALETTE } from '../charts.js';
import { loadPeriods, periodSelect, filterBar, unitHref, periodWord } from './common.js';

const TABS = [
  { key: 'ranking', label: '得分排名', testid: 'tab-ranking' },
  { key: 'progress', label: '本月进度', testid: 'tab-progress' },
  { key: 'charts', label: '统计图表', testid: 'tab-charts' },
];

export async function render(ctx) {
  const { root, query } = ctx;
  root.append(loading());
  const [{ periods, current }, scheme] = await Promise.all([loadPeriods(ctx), api.scheme()]);
  clear(root);
  if (!current) { root.append(empty('还没有任何季度的数据')); return; }

  const sections = scheme.sections || [];
  const state = {
    period: current,
    section: sections.some((s) => s.code === query.get('section')) ? query.get('section') : '',
    search: query.get('q') || '',
    tab: TABS.some((t) => t.key === query.get('tab')) ? query.get('tab') : 'ranking',
    month: query.get('month') || '',
    behindOnly: query.get('behind') === '1',
  };
  const rankingCache = new Map();

  const periodEl = periodSelect(periods, current, (id) => {
    state.period = periods.find((p) => p.id === id);
    state.month = '';
    ctx.rememberedPeriod.set(id);
    ctx.setQuery({ period: id, month: '' });
    refresh();
  });
  const sectionEl = select({
    testid: 'section-select', value: state.section,
    options: [{ value: '', label: '全部分组' }, ...sections.map((s) => ({ value: s.code, label: s.title || s.code }))],
    onChange: (v) => { state.section = v; ctx.setQuery({ section: v }); refresh(); },
  });
  const searchEl = input({ type: 'search', testid: 'search-input', placeholder: '单位名称或简称', value: state.search });
  searchEl.addEventListener('input', () => {
    state.search = searchEl.value;
    ctx.setQuery({ q: state.search.trim() });
    refresh(false);
  });

  const tabHost = h('div');
  const body = h('div', { class: 'tab-body' });
  root.append(filterBar([periodWord(periods), periodEl], ['分组', sectionEl], ['搜索', searchEl]), tabHost, body);

  const matches = (u) => {
    if (state.section && u.section !== state.section) return false;
    const q = state.search.trim().toLowerCase();
    if (!q) return true;
    return String(u.name).toLowerCase().includes(q) || String(u.short_name || '').toLowerCase().includes(q);
  };

  function getRanking(id) {
    if (!rankingCache.has(id)) {
      const p = api.get(`/periods/${api.seg(id)}/ranking`);
      p.catch(() => rankingCache.delete(id));
      rankingCache.set(id, p);
    }
    return rankingCache.get(id);
  }

  function showProblems(err, what) {
    if (err.status === 422) {
      setError(`${state.period.name}的数据有误，无法${what}（共${err.problemsTotal}个问题）：`, err.problems, err.problemsNote);
    } else ctx.fail(err);
  }

  let seq = 0;
  let redraw = null; // re-filter without reloading
  async function refresh(reload = true) {
    if (!reload) { if (redraw) redraw(); return; }
    const mine = ++seq;
    const stale = () => mine !== seq || !ctx.alive();
    clear(tabHost).append(tabs(TABS, state.tab, (k) => { state.tab = k; ctx.setQuery({ tab: k }); refresh(); }));
    clear(body).append(loading());
    clearError();
    redraw = null;
    try {
      if (state.tab === 'ranking') await showRanking(stale);
      else if (state.tab === 'progress') await showProgress(stale);
      else await showCharts(stale);
    } catch (err) {
      if (stale()) return;
      if (err.status === 403) { clear(body).append(hidden(err)); return; }
      if (err.body.status_code === 'not_started') { clear(body).append(notStarted(err)); return; }
      clear(body).append(empty(err.status === 422 ? '数据有误，请先修正数据' : '加载失败'));
      showProblems(err, state.tab === 'progress' ? '统计进度' : '计算得分');
    }
  }

  // Before 公示 (live_scores = "office") only the office sees the ranking:
  // the server's reason, and for a unit the way to its own standing.
  function hidden(err) {
    return h('p', { class: 'notice', testid: 'ranking-hidden' }, err.message,
      ctx.user.role === 'unit' ? h('a', { href: ctx.href(['home'], { period: state.period.id }), class: 'notice-link' }, '查看本单位得分') : null);
  }

  // A period just created has no data yet (未开始): say so, and where the office adds it.
  function notStarted(err) {
    return h('p', { class: 'notice', testid: 'period-not-started' }, err.message,
      ctx.user.role === 'admin' ? h('a', { href: ctx.href(['data', 'upload'], { period: state.period.id }), class: 'notice-link' }, '去上传数据') : null);
  }

  // A scheme without a score table (indicator trees, count-only bulletins): the columns the server names.
  function genericColumns(data) {
    return data.columns.map((c) => ({
      key: c.key, title: c.marks ? `${c.title}（${c.marks}）` : c.title, sortable: true,
      align: c.key === 'rating' ? 'center' : 'right',
      value: (u) => (c.key === 'rating' ? u.values[c.key] : Number(u.values[c.key])),
      render: (u) => (c.key === 'total' ? h('strong', {}, u.values[c.key]) : String(u.values[c.key] ?? '')),
    }));
  }

  async function showRanking(stale) {
    const data = await getRanking(state.period.id);
    if (stale()) return;
    const months = data.period?.months || state.period.months || [];
    const scoreColumns = () => [
      { key: 'rank', title: '名次', sortable: true, align: 'center', width: '64px' },
      { key: 'short_name', title: '单位', sortable: true, cls: 'cell-unit',
        render: (u) => h('a', { href: unitHref(ctx, u.name, state.period.id), title: u.name }, u.short_name || u.name,
          u.short_name && u.short_name !== u.name ? h('span', { class: 'muted small' }, `（${u.name}）`) : null) },
      { key: 'section', title: '分组', sortable: true, cls: 'hide-sm' },
      // Phones show 名次, 单位, 减分 and 合计 only, so that 合计 fits without scrolling sideways.
      ...months.map((m, i) => ({ key: `m${i}`, title: `${monthLabel(m)}发布`, sortable: true, align: 'right', cls: 'hide-sm',
        value: (u) => u.published?.[i], render: (u) => String(u.published?.[i] ?? '') })),
      { key: 'publication', title: '累计得分', sortable: true, align: 'right', cls: 'hide-sm' },
      { key: 'bonus', title: '加分', sortable: true, align: 'right', cls: 'hide-sm', render: (u) => zeroBlank(u.bonus) },
      { key: 'deduction', title: '减分', sortable: true, align: 'right',
        render: (u) => (u.deduction && u.deduction !== '0'
          ? h('span', { class: 'text-danger', title: u.deduction_text || '' }, u.deduction) : '') },
      { key: 'total', title: '合计', sortable: true, align: 'right', render: (u) => h('strong', {}, u.total) },
    ];
    const columns = data.columns ? [
      { key: 'rank', title: '名次', sortable: true, align: 'center', width: '64px' },
      { key: 'short_name', title: '单位', sortable: true, cls: 'cell-unit',
        render: (u) => h('a', { href: unitHref(ctx, u.name, state.period.id), title: u.name }, u.short_name || u.name) },
      { key: 'section', title: '分组', sortable: true, cls: 'hide-sm' },
      ...genericColumns(data),
    ] : scoreColumns();
    const table = dataTable({
      columns, testid: 'ranking-table', maxHeight: 'calc(100vh - 290px)',
      rowAttrs: (u) => ({ dataset: { unit: u.name }, class: ctx.user.unit === u.name ? 'is-own' : null }),
      onRowClick: (u) => ctx.go(unitHref(ctx, u.name, state.period.id)),
      emptyText: '没有符合条件的单位',
    });
    const count = h('div', { class: 'table-meta' });
    redraw = () => {
      const rows = (data.units || []).filter(matches);
      table.setRows(rows);
      count.textContent = `共 ${rows.length} 个单位 · ${data.period?.name || state.period.name}` +
        '（名次为单位在本分组得分表中的名次；点击单位查看详情）';
    };
    redraw();
    clear(body).append(count, table.el);
  }

  async function showProgress(stale) {
    const months = state.period.months || [];
    const data = await api.get(`/periods/${api.seg(state.period.id)}/progress`, { month: state.month || undefined });
    if (stale()) return;
    const monthEl = select({
      testid: 'month-select', value: data.month,
      options: months.map((m) => ({ value: m, label: monthLabel(m, true) })),
      onChange: (v) => { state.month = v; ctx.setQuery({ month: v }); refresh(); },
    });
    const behindEl = h('input', { type: 'checkbox', checked: state.behindOnly, testid: 'behind-only' });
    behindEl.addEventListener('change', () => {
      state.behindOnly = behindEl.checked;
      ctx.setQuery({ behind: state.behindOnly ? '1' : '' });
      redraw();
    });
    const table = dataTable({
      testid: 'progress-table', maxHeight: 'calc(100vh - 330px)', emptyText: '没有符合条件的单位',
      rowAttrs: (u) => ({ dataset: { unit: u.name, status: u.status },
        class: [u.status === 'behind' && 'is-behind', ctx.user.unit === u.name && 'is-own'].filter(Boolean).join(' ') }),
      onRowClick: (u) => ctx.go(unitHref(ctx, u.name, state.period.id)),
      columns: [
        { key: 'short_name', title: '单位', sortable: true, cls: 'cell-unit',
          render: (u) => h('a', { href: unitHref(ctx, u.name, state.period.id), title: u.name }, u.short_name || u.name) },
        { key: 'section', title: '分组', sortable: true, cls: 'hide-sm' },
        { key: 'published', title: '已发布（条）', sortable: true, align: 'right' },
        { key: 'full_marks_items', title: '满分所需（条）', sortable: true, align: 'right',
          render: (u) => (u.full_marks_items === null || u.full_marks_items === undefined ? '不限' : String(u.full_marks_items)) },
        { key: 'publication_points', title: '发布得分', sortable: true, align: 'right',
          render: (u) => (u.publication_cap ? `${u.publication_points} / ${u.publication_cap}` : u.publication_points) },
        { key: 'submissions', title: '投稿（篇）', sortable: true, align: 'right',
          value: (u) => (u.quota ? u.submissions - u.quota : null),
          render: (u) => (u.quota === null || u.quota === undefined ? h('span', { class: 'muted' }, `${u.submissions}（不考核）`)
            : `${u.submissions} / ${u.quota}`) },
        { key: 'status', title: '状态', sortable: true, value: (u) => (u.status === 'behind' ? 0 : 1),
          render: (u) => h('span', { class: ['status', u.status === 'behind' ? 'status-behind' : 'status-ok'] },
            u.status_text || (u.status === 'behind' ? '未完成' : '已完成')) },
      ],
    });
    const meta = h('div', { class: 'table-meta' });
    redraw = () => {
      const rows = (data.units || []).filter(matches).filter((u) => !state.behindOnly || u.status === 'behind');
      const behind = (data.units || []).filter(matches).filter((u) => u.status === 'behind').length;
      table.setRows(rows);
      clear(meta).append(`${monthLabel(data.month, true)}：共 ${rows.length} 个单位，`,
        h('span', { class: 'text-danger' }, `${behind} 个未完成`), '（月底前完成可避免减分）');
    };
    redraw();
    clear(body).append(filterBar(['月份', monthEl], h('label', { class: 'filter-item checkbox' }, behindEl, '只看未完成')),
      meta, table.el);
  }

  async function showCharts(stale) {
    const [rankingResult, trendsResult] = await Promise.allSettled([getRanking(state.period.id), api.get('/trends')]);
    if (stale()) return;
    clear(body);
    const histCard = h('section', { class: 'card' },
      h('div', { class: 'card-header' }, `${state.period.name}各分组合计得分分布`));
    const histBody = h('div', { class: 'card-body chart-row', testid: 'histograms' });
    histCard.append(histBody);
    const trendCard = h('section', { class: 'card' }, h('div', { class: 'card-header' }, '各季度平均合计得分趋势'));
    const trendBody = h('div', { class: 'card-body', testid: 'trends' });
    trendCard.append(trendBody);
    body.append(histCard, trendCard);

    if (rankingResult.status === 'fulfilled') {
      const units = rankingResult.value.units || [];
      const shown = sections.filter((s) => !state.section || s.code === state.section);
      shown.forEach((s, i) => {
        const values = units.filter((u) => u.section === s.code).map((u) => Number(u.total));
        histBody.append(h('figure', { class: 'chart-box' },
          h('figcaption', {}, `${s.title || s.code}（${values.length}个单位）`),
          histogram(values, { title: `${s.title || s.code}合计得分分布`, color: PALETTE[sections.indexOf(s) % PALETTE.length] || PALETTE[i] })));
      });
    } else if (rankingResult.reason.status === 403) {
      histBody.append(hidden(rankingResult.reason));
    } else {
      histBody.append(empty('本季度数据有误，无法绘制'));
      showProblems(rankingResult.reason, '计算得分');
    }

    if (trendsResult.status === 'fulfilled') {
      const list = trendsResult.value.periods || [];
      const labels = list.map((p) => p.id);
      const series = sections.filter((s) => !state.section || s.code === state.section).map((s) => {
        const values = list.map((p) => {
          const x = (p.sections || []).find((q) => q.code === s.code);
          return x ? Number(x.average) : null;
        });
        return { name: s.title || s.code, values, color: PALETTE[sections.indexOf(s) % PALETTE.length] };
      });
      trendBody.append(h('div', { class: 'chart-wide' }, lineChart(labels, series, { title: '各季度平均合计得分', width: chartWidth(640) })));
      trendBody.append(trendTable(list, sections));
    } else {
      trendBody.append(empty('趋势数据加载失败'));
      ctx.fail(trendsResult.reason);
    }
  }

  refresh();
}

// SVG text scales with the drawing, so narrow screens get a narrower drawing.
const chartWidth = (max) => Math.round(Math.min(max, Math.max(300, window.innerWidth - 60)));

const zeroBlank = (v) => (v === '0' || v === 0 ? '' : v);

function trendTable(list, sections) {
  const rows = [];
  for (const p of list) {
    if (!(p.sections || []).length) {
      rows.push({ period: p.name || p.id, section: '—', units: '', average: '', min: '', max: '',
        note: p.problems ? `数据有误（${p.problems}个问题）` : '暂无数据' });
    }
    for (const s of p.sections || []) {
      rows.push({ period: p.name || p.id, section: sections.find((x) => x.code === s.code)?.title || s.code,
        units: s.units, average: s.average, min: s.min, max: s.max, note: '' });
    }
  }
  return dataTable({
    testid: 'trends-table',
    columns: [
      { key: 'period', title: '季度' }, { key: 'section', title: '分组' },
      { key: 'units', title: '单位数', align: 'right' }, { key: 'average', title: '平均', align: 'right' },
      { key: 'min', title: '最低', align: 'right' }, { key: 'max', title: '最高', align: 'right' },
      { key: 'note', title: '说明', cls: 'cell-wrap', render: (r) => (r.note ? h('span', { class: 'text-danger' }, r.note) : '') },
    ],
    rows,
  }).el;
}
