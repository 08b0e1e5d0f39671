// 年度 (everyone): the annual assessment — each section's table of the
// year's quarters, the quarters combined, the adoption bonuses that accrue
// to the year, the penalties for items not put right in time, the annual
// total and rank — the comparison between consecutive quarters (saying
// where a rule changed rather than comparing unlike numbers) and the annual
// report's files. The same as `zwgk report --year`.
// API: GET /years, GET /years/{year}, GET /years/{year}/report/{file}.
// Route: #/year?year=&section=

import * as api from '../api.js';
import { h, clear, dataTable, select, tabs, loading, empty, card, toast, clearError, setError } from '../ui.js';
import { filterBar } from './common.js';

const FILE_INFO = [
  { test: /\.xlsx$/, title: 'Excel 工作簿', desc: '各分组的年度考核表、整改情况和季度对比，各一个工作表。' },
  { test: /\.html$/, title: '网页版', desc: '单个网页文件，可发布到政府网站。' },
  { test: /\.json$/, title: '年度考核数据', desc: '每个单位的季度得分、年度加分、整改扣分和年度得分，供其他系统读取。' },
  { test: /\.csv$/, title: 'CSV 表格', desc: '' },
];

export async function render(ctx) {
  const { root, user, query } = ctx;
  root.append(loading());
  const { years = [], latest } = await api.get('/years');
  if (!ctx.alive()) return;
  clear(root);
  if (!years.length) { root.append(empty('还没有任何季度的数据')); return; }
  let year = Number(query.get('year')) || latest;
  if (!years.some((y) => y.year === year)) year = latest;
  let section = query.get('section') || '';
  let data = null;

  const yearEl = select({
    testid: 'year-select',
    options: [...years].reverse().map((y) => ({ value: String(y.year), label: `${y.year}年（${y.quarters.length}个季度）` })),
    value: String(year),
    onChange: (v) => { year = Number(v); ctx.setQuery({ year: v }); load(); },
  });
  const body = h('div');
  root.append(filterBar(['年度', yearEl]), body);

  let seq = 0;
  async function load() {
    const mine = ++seq;
    clearError();
    clear(body).append(loading('正在计算年度考核…'));
    let result;
    try {
      result = await api.get(`/years/${api.seg(year)}`);
    } catch (err) {
      if (mine !== seq || !ctx.alive()) return;
      clear(body);
      if (err.status === 422) setError(`${year}年有季度的数据有误，无法计算年度考核：`, err.problems, err.problemsNote);
      else ctx.fail(err, '年度考核加载失败');
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    data = result;
    if (!data.sections.some((s) => s.code === section)) section = data.sections[0]?.code || '';
    draw();
  }

  function draw() {
    clear(body).append(summaryCard(), tableCard(), comparisonCard(), downloadsCard());
  }

  // ------------------------------------------------------------ summary

  function summaryCard() {
    const names = data.quarters.map((q) => q.name.replace(/^\d+年/, '')).join('、');
    const p = data.rectification || {};
    return card(h('span', { testid: 'year-title' }, `${data.scheme.district}${data.title}`),
      h('div', { class: 'year-facts' },
        h('span', {}, `计入：${names}（${data.combine_name}）`),
        h('span', {}, `按 ${data.as_of} 的整改情况计算`),
        p.enabled ? h('span', {}, `逾期未整改每项扣 ${p.unrectified_penalty} 分，逾期整改每项扣 ${p.late_penalty} 分`) : h('span', {}, '考核方案未设整改扣分')),
      (data.notes || []).length ? h('div', { class: 'alert alert-warning', testid: 'year-notes' }, data.notes.join(' ')) : null);
  }

  // ------------------------------------------------------------ annual table

  function tableCard() {
    const sec = data.sections.find((s) => s.code === section) || data.sections[0];
    // The section's units in its table's order (rows name the units of data.units).
    const byName = new Map(data.units.map((u) => [u.name, u]));
    const units = sec ? sec.rows.map((r) => byName.get(r.unit)).filter(Boolean) : [];
    const adopted = (u, l) => u.adoptions[l.index]?.count || 0;
    // The levels that accrue to the year and that some unit of the section has.
    const levels = (data.adoption_levels || []).map((l, i) => ({ ...l, index: i }))
      .filter((l) => l.accrual === 'year' && units.some((u) => adopted(u, l)));
    const quarterCols = data.quarters.map((q, i) => ({
      key: `q${i}`, title: q.name.replace(/^\d+年/, ''), sortable: true, align: 'right',
      value: (u) => u.quarters[i]?.total,
      render: (u) => (u.quarters[i] ? h('span', {}, u.quarters[i].total, h('span', { class: 'muted small' }, `（${u.quarters[i].rank ?? '—'}）`))
        : h('span', { class: 'muted' }, '—')),
    }));
    const zeroBlank = (v) => (v === '0' || v === 0 ? '' : String(v));
    const own = user.role === 'unit' ? user.unit : '';
    const table = dataTable({
      testid: 'year-table', emptyText: '本分组没有单位', maxHeight: '70vh',
      rowAttrs: (u) => ({ dataset: { unit: u.name }, class: own && (u.name === own || u.short_name === own) ? 'is-own' : '' }),
      columns: [
        { key: 'rank', title: '名次', sortable: true, align: 'center' },
        { key: 'name', title: '单位', sortable: true, value: (u) => u.short_name,
          render: (u) => h('span', { title: u.name, class: 'nowrap' }, u.short_name || u.name) },
        ...quarterCols,
        { key: 'quarter_score', title: data.combine === 'mean' ? '季度平均' : '季度合计', sortable: true, align: 'right' },
        ...levels.map((l) => ({ key: `a${l.index}`, title: `${l.code}采用`, align: 'right', sortable: true, cls: 'hide-sm',
          value: (u) => adopted(u, l), render: (u) => zeroBlank(adopted(u, l)) })),
        { key: 'year_bonus', title: '年度加分', sortable: true, align: 'right', render: (u) => zeroBlank(u.year_bonus) },
        { key: 'unrectified', title: '逾期未整改', sortable: true, align: 'right', cls: 'hide-sm', render: (u) => zeroBlank(u.unrectified) },
        { key: 'late', title: '逾期整改', sortable: true, align: 'right', cls: 'hide-sm', render: (u) => zeroBlank(u.late) },
        { key: 'penalty', title: '整改扣分', sortable: true, align: 'right',
          render: (u) => (u.penalty === '0' ? '' : h('span', { class: 'text-danger' }, `-${u.penalty}`)) },
        { key: 'total', title: '年度得分', sortable: true, align: 'right', render: (u) => h('strong', {}, u.total) },
      ],
      rows: units,
    });
    const sectionTabs = data.sections.length > 1
      ? tabs(data.sections.map((s) => ({ key: s.code, label: s.name || s.code, testid: `year-section-${s.code}` })), sec?.code,
        (k) => { section = k; ctx.setQuery({ section: k }); draw(); })
      : null;
    return card('年度考核表', sectionTabs,
      h('p', { class: 'form-hint' }, '各季度栏为该季度合计（括号内为分组内名次）；年度得分 = 季度',
        data.combine === 'mean' ? '平均' : '合计', ' + 年度加分 − 整改扣分。点击表头可排序。'),
      h('div', { class: 'year-table' }, table.el));
  }

  // ------------------------------------------------------------ comparison

  function comparisonCard() {
    const changes = data.changes || [];
    if (!changes.length) {
      return card('季度对比', h('p', { class: 'muted', testid: 'year-changes' }, '本年度只有一个季度的数据，没有可对比的季度。'));
    }
    const notes = h('ul', { class: 'rule-changes', testid: 'year-changes' }, changes.map((c) => h('li', { dataset: { comparable: String(c.comparable) } },
      h('strong', {}, c.name), '：',
      c.comparable ? h('span', { class: 'text-success' }, '规则未变化，得分可以直接比较')
        : h('span', {}, h('span', { class: 'tag tag-warning' }, '规则有变化，不作比较'),
          h('ul', { class: 'rule-list' }, c.rules.map((r) => h('li', {}, r)))))));
    return card('季度对比', notes, data.comparison ? laidOutTable(data.comparison, 'year-comparison') : null);
  }

  // A table as the report lays it out (header cells with spans), text only.
  function laidOutTable(t, testid) {
    const head = h('thead');
    for (let r = 0; r < t.header_rows; r++) {
      const tr = h('tr');
      for (const c of t.header.filter((x) => x.row === r).sort((a, b) => a.column - b.column)) {
        tr.append(h('th', { rowspan: c.row_span > 1 ? String(c.row_span) : null, colspan: c.column_span > 1 ? String(c.column_span) : null,
          class: t.numeric_columns[c.column] ? 'is-right' : null, scope: 'col' }, c.text));
      }
      head.append(tr);
    }
    const own = user.role === 'unit' ? user.unit : '';
    const tbody = h('tbody', {}, t.rows.map((row) => h('tr', { class: own && row.includes(own) ? 'is-own' : null },
      row.map((cell, i) => h('td', { class: [t.numeric_columns[i] && 'is-right', cell === '规则有变化，不作比较' && 'muted'] }, cell)))));
    return h('div', { class: 'table-wrap' }, h('div', { class: 'table-scroll table-scroll-tall' },
      h('table', { class: 'table laid-out', testid }, head, tbody)));
  }

  // ------------------------------------------------------------ downloads

  function downloadsCard() {
    const files = data.downloads || [];
    if (!files.length) return card('下载年度考核', h('p', { class: 'muted' }, '年度报告暂时无法生成。'));
    const main = files.filter((f) => !f.endsWith('.csv'));
    const csv = files.filter((f) => f.endsWith('.csv'));
    const row = (name) => {
      const info = FILE_INFO.find((i) => i.test.test(name)) || {};
      const url = `/years/${api.seg(data.year)}/report/${api.seg(name)}`;
      const link = h('a', { class: 'btn btn-primary', href: `/api/v1${url}`, download: name, testid: `year-download-${name}` }, '下载');
      link.addEventListener('click', (e) => { e.preventDefault(); fetchFile(link, url, name); });
      return h('div', { class: 'download-item' },
        h('div', { class: 'download-icon', 'aria-hidden': 'true' }, name.split('.').pop().toUpperCase()),
        h('div', { class: 'download-text' }, h('div', { class: 'download-name' }, name),
          info.desc ? h('div', { class: 'form-hint' }, info.desc) : null),
        link);
    };
    return card('下载年度考核', h('p', { class: 'form-hint' }, '按服务器上的当前数据和整改情况即时生成，与命令 zwgk report --year 的结果相同。'),
      h('div', { class: 'download-list' }, main.map(row), csv.map(row)));
  }

  async function fetchFile(link, url, name) {
    if (link.classList.contains('is-loading')) return;
    clearError();
    link.classList.add('is-loading');
    link.textContent = '生成中…';
    try {
      const blob = await api.download(url);
      const objectUrl = URL.createObjectURL(blob);
      const a = h('a', { href: objectUrl, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60000);
      toast(`已下载 ${name}`);
    } catch (err) {
      ctx.fail(err, `下载 ${name} 失败`);
    } finally {
      link.classList.remove('is-loading');
      link.textContent = '下载';
    }
  }

  await load();
}
