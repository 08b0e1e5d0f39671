// 单位详情: one unit's months, deductions, adoptions, rejected submissions,
// placements and history.

import * as api from '../api.js';
import { h, clear, dataTable, input, button, loading, empty, monthLabel, setError, card, descriptions } from '../ui.js';
import { lineChart } from '../charts.js';
import { loadPeriods, periodSelect, filterBar, periodWord } from './common.js';

const sourceText = (src) => (src ? `${src.file}${src.sheet ? `（工作表 ${src.sheet}）` : ''} 第${src.line}行` : '');

export async function render(ctx) {
  const { root, user } = ctx;
  root.append(loading());
  const [{ periods, current }, scheme] = await Promise.all([loadPeriods(ctx), api.scheme()]);
  clear(root);
  if (!current) { root.append(empty('还没有任何季度的数据')); return; }

  let name = ctx.params[0] || '';
  if (!name && user.role === 'unit' && user.unit) {
    ctx.go(ctx.href(['unit', user.unit], { period: current.id }));
    return;
  }

  const goTo = (unit, period) => ctx.go(ctx.href(['unit', unit], { period }));
  const periodEl = periodSelect(periods, current, (id) => {
    ctx.rememberedPeriod.set(id);
    if (name) goTo(name, id);
    else ctx.setQuery({ period: id });
  });

  let picker;
  if (user.role === 'unit') {
    picker = h('span', { class: 'fixed-value', testid: 'unit-picker' }, user.unit || name);
  } else {
    const list = h('datalist', { id: 'unit-names' });
    const box = input({ type: 'search', list: 'unit-names', value: name, placeholder: '输入或选择单位名称',
      testid: 'unit-picker', class: 'input input-wide' });
    const open = () => { if (box.value.trim()) goTo(box.value.trim(), ctx.rememberedPeriod.get() || current.id); };
    // Picking from the datalist navigates at once; typing waits for Enter or 查看.
    box.addEventListener('input', (e) => {
      if ((!e.inputType || e.inputType === 'insertReplacementText') &&
          [...list.options].some((o) => o.value === box.value)) open();
    });
    box.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    picker = [box, list, button('查看', { type: 'primary', onClick: open, testid: 'unit-open' })];
    api.get(`/periods/${api.seg(current.id)}/ranking`).then((r) => {
      const seen = new Set();
      for (const u of r.units || []) {
        for (const n of [u.name, u.short_name]) {
          if (n && !seen.has(n)) { seen.add(n); list.append(h('option', { value: n })); }
        }
      }
    }).catch(() => { /* the list is only a convenience */ });
  }

  root.append(filterBar(['单位', h('span', { class: 'picker' }, picker)], [periodWord(periods), periodEl]));
  const body = h('div', { class: 'unit-body' });
  root.append(body);

  if (!name) {
    body.append(empty('请选择要查看的单位'));
    return;
  }

  body.append(loading());
  let data;
  try {
    data = await api.get(`/periods/${api.seg(current.id)}/units/${api.seg(name)}`);
  } catch (err) {
    if (!ctx.alive()) return;
    clear(body);
    if (err.status === 403) {
      // Another unit's details, or (before 公示) any scores of the period for a viewer.
      setError(err.message || '无权查看其他单位的详情');
      if (user.role === 'unit' && user.unit) {
        body.append(h('div', { class: 'empty' }, '单位用户只能查看本单位的详情。',
          h('a', { href: ctx.href(['unit', user.unit], { period: current.id }) }, `查看${user.unit}`)));
      }
    } else if (err.status === 422) {
      setError(`${current.name}的数据有误，无法计算得分（共${err.problemsTotal}个问题）：`, err.problems, err.problemsNote);
    } else {
      ctx.fail(err);
    }
    return;
  }
  if (!ctx.alive()) return;
  clear(body).append(detail(ctx, data, current, scheme, periods));
}

function detail(ctx, { unit: u, history = [] }, period, scheme, periods) {
  const sectionTitle = (scheme.sections || []).find((s) => s.code === u.section)?.title || u.section;
  const stat = (label, value, cls) => h('div', { class: ['stat', cls] }, h('div', { class: 'stat-value' }, value ?? ''),
    h('div', { class: 'stat-label' }, label));
  const placements = (u.placements || []).map((p) => `${p.table}：第${p.seq}行，名次 ${p.rank}`).join('；');

  const summary = card(h('span', {}, h('span', { class: 'unit-title', testid: 'unit-name' }, u.name),
    ...(u.tags || []).map((t) => h('span', { class: 'tag tag-info' }, t))),
  // Issue 16: a unit of an indicator tree is summed up by its total and rating.
  (u.indicators || []).length
    ? h('div', { class: 'stats' }, stat('合计', u.total, 'is-primary'), u.rating ? stat('等次', u.rating) : null,
      stat('减分', u.deduction, u.deduction !== '0' && 'is-danger'), stat('年终加分（采用）', u.year_bonus))
    : h('div', { class: 'stats' },
      stat('累计得分', u.publication), stat('加分', u.bonus), stat('减分', u.deduction, u.deduction !== '0' && 'is-danger'),
      stat('合计', u.total, 'is-primary'), stat('年终加分（采用）', u.year_bonus)),
  descriptions([
    [periodWord([period]), period.name], ['简称', u.short_name || u.name], ['分组', sectionTitle],
    ['在通报中的位置', placements || '未列入附件'],
  ]));

  const months = dataTable({
    testid: 'months-table',
    columns: [
      { key: 'month', title: '月份', render: (m) => monthLabel(m.month, true) },
      { key: 'published', title: '发布条数', align: 'right' },
      { key: 'publication_points', title: '发布得分', align: 'right' },
      { key: 'submissions', title: '有效投稿', align: 'right' },
      { key: 'rejected_submissions', title: '不合格投稿', align: 'right', render: (m) => String(m.rejected_submissions ?? 0) },
      { key: 'quota', title: '投稿任务', align: 'right', render: (m) => (m.quota === null || m.quota === undefined ? h('span', { class: 'muted' }, '不考核') : String(m.quota)) },
      { key: 'shortfall', title: '缺少篇数', align: 'right', render: (m) => (m.shortfall ? h('span', { class: 'text-danger' }, String(m.shortfall)) : '0') },
    ],
    rows: u.months || [],
  });

  const deductions = deductionsTable(u.deductions || []);

  const adoptions = dataTable({
    testid: 'adoptions-table',
    columns: [
      { key: 'level', title: '采用级别' }, { key: 'count', title: '篇数', align: 'right' },
      { key: 'points', title: '加分', align: 'right' },
      { key: 'accrual', title: '计入', render: (a) => (a.accrual === 'year' ? '年终考核' : '本季度合计') },
    ],
    rows: u.adoptions || [],
  });

  const rejected = dataTable({
    testid: 'rejected-table', emptyText: '没有不计入的投稿',
    columns: [
      { key: 'title', title: '稿件标题', cls: 'cell-wrap' }, { key: 'month', title: '月份', render: (r) => monthLabel(r.month, true) },
      { key: 'reason', title: '不计入原因', cls: 'cell-wrap', render: (r) => h('span', { class: 'text-danger' }, r.reason) },
      { key: 'source', title: '来源', render: (r) => sourceText(r.source) },
    ],
    rows: u.rejected_submissions || [],
  });

  const records = (rows, testid, title) => (rows && rows.length ? card(title, dataTable({
    testid,
    columns: [
      { key: 'title', title: '标题', cls: 'cell-wrap' }, { key: 'month', title: '月份', render: (r) => monthLabel(r.month, true) },
      { key: 'source', title: '来源', render: (r) => sourceText(r.source) },
    ],
    rows,
  }).el) : null);

  const names = new Map((periods || []).map((p) => [p.id, p.name]));
  const hist = dataTable({
    testid: 'history-table', emptyText: '没有历史数据',
    columns: [
      { key: 'period', title: '季度', render: (x) => h('a', { href: ctx.href(['unit', u.name], { period: x.period }) }, names.get(x.period) || x.period) },
      { key: 'total', title: '合计', align: 'right' },
      { key: 'table', title: '得分表' },
      { key: 'rank', title: '名次', align: 'right', render: (x) => (x.rank === null || x.rank === undefined ? '' : String(x.rank)) },
    ],
    rows: history,
  });
  const chart = history.length > 1
    ? h('div', { class: 'chart-small' }, lineChart(history.map((x) => x.period),
      [{ name: '合计', values: history.map((x) => Number(x.total)) }], { title: '历次合计得分', width: Math.min(420, Math.max(300, window.innerWidth - 60)), height: 200, legend: false }))
    : null;

  // What the data files left out for this unit (the same lines as `zwgk explain`).
  const notes = (u.data_notes || []).length
    ? card('数据提示', h('ul', { class: 'note', testid: 'data-notes' }, ...u.data_notes.map((n) => h('li', {}, n))))
    : null;

  return h('div', { class: 'unit-detail', testid: 'unit-detail', dataset: { unit: u.name } },
    summary,
    notes,
    indicatorCard(u),
    card('月度情况', months.el),
    card('减分情况', deductions.el, u.deduction_text ? h('p', { class: 'note' }, '通报附件4：', u.deduction_text) : null),
    card('上级采用', adoptions.el),
    card('不计入的投稿', rejected.el),
    records(u.submission_records, 'submission-records', '投稿记录'),
    records(u.adoption_records, 'adoption-records', '采用记录'),
    card('历次考核', h('div', { class: 'history' }, hist.el, chart)));
}

// Issue 16: the unit's points in each indicator of the tree, children indented under their
// parent, with how each was scored (the JSON's indicators[].detail); null without a tree.
function indicatorCard(u) {
  const list = u.indicators || [];
  if (!list.length) return null;
  const byCode = new Map(list.map((i) => [i.code, i]));
  const depth = (i) => { let d = 0; for (let p = i.parent; p && byCode.has(p); p = byCode.get(p).parent) d += 1; return d; };
  return card(`指标得分${u.rating ? `（等次：${u.rating}）` : ''}`, dataTable({
    testid: 'indicators-table',
    columns: [
      { key: 'name', title: '指标', render: (i) => h('span', { style: `padding-left:${depth(i) * 1.5}em` }, i.name) },
      { key: 'points', title: '得分', align: 'right', render: (i) => h('strong', {}, i.points) },
      { key: 'full_marks', title: '满分', align: 'right', render: (i) => i.full_marks ?? '' },
      { key: 'detail', title: '计分', cls: 'cell-wrap' },
    ],
    rows: list,
  }).el, (u.vetoes || []).length ? h('p', { class: 'note text-danger' }, '一票否决：', u.vetoes.join('；')) : null);
}

// The unit's deductions (also shown after entering a finding).
export function deductionsTable(rows) {
  return dataTable({
    testid: 'deductions-table', emptyText: '本季度没有减分',
    columns: [
      { key: 'reason', title: '减分原因', cls: 'cell-wrap' },
      { key: 'kind', title: '类别', render: (d) => (d.kind === 'finding' ? `检查发现${d.finding_type ? `（${d.finding_type}）` : ''}` : d.kind === 'quota' ? '投稿任务' : d.kind) },
      { key: 'quantity', title: '数量', align: 'right', render: (d) => (d.kind === 'finding' ? String(d.quantity ?? 1) : '') },
      { key: 'points', title: '减分', align: 'right', render: (d) => h('span', { class: 'text-danger' }, d.points) },
      { key: 'source', title: '来源', render: (d) => (d.kind === 'quota'
        ? (d.months || []).map((m) => monthLabel(m, true)).join('、')
        : (d.sources || []).map(sourceText).join('；')) },
    ],
    rows,
  });
}
