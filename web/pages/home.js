// 我的单位 (a unit's home; the office sees any unit's): the unit's score and
// place in its table first, then this month's progress, its open and overdue
// rectification items with their deadlines (each linking to where the unit
// acts), and then — when the district lets units see live scores, or once the
// quarter is published — the unit's score table.
// API: GET /periods/{id}/home[?unit=], GET /periods/{id}/ranking.
// Route: #/home?period=&unit=

import * as api from '../api.js';
import { h, clear, dataTable, input, button, loading, empty, monthLabel, setError, card } from '../ui.js';
import { loadPeriods, periodSelect, filterBar, unitHref, periodWord } from './common.js';

const STATUS_TAG = { open: 'tag-info', replied: 'tag-warning', returned: 'tag-danger', contested: 'tag-warning',
  overdue: 'tag-danger' };
// The items a unit still has to act on (a reply); the others wait for the office.
const NEEDS_REPLY = new Set(['open', 'returned', 'overdue']);

export async function render(ctx) {
  const { root, user, query } = ctx;
  const admin = user.role === 'admin';
  root.append(loading());
  const { periods, current } = await loadPeriods(ctx);
  if (!ctx.alive()) return;
  clear(root);
  if (!current) { root.append(empty('还没有任何季度的数据')); return; }
  const unit = admin ? query.get('unit') || '' : user.unit || '';

  const periodEl = periodSelect(periods, current, (id) => {
    ctx.rememberedPeriod.set(id);
    ctx.go(ctx.href(['home'], { period: id, unit: admin ? unit : '' }));
  });
  const bar = [[periodWord(periods), periodEl]];
  if (admin) {
    const box = input({ type: 'search', value: unit, placeholder: '单位名称', testid: 'home-unit', class: 'input',
      'aria-label': '单位名称' });
    const open = () => { if (box.value.trim()) ctx.go(ctx.href(['home'], { period: current.id, unit: box.value.trim() })); };
    box.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    bar.unshift(['单位', h('span', { class: 'picker' }, box, button('查看', { type: 'primary', onClick: open, testid: 'home-open' }))]);
  }
  const body = h('div', { class: 'home', testid: 'home' });
  root.append(filterBar(...bar), body);
  if (!unit) { body.append(empty(admin ? '请输入要查看的单位' : '当前账号没有所属单位')); return; }

  body.append(loading());
  let data;
  try {
    data = await api.get(`/periods/${api.seg(current.id)}/home`, { unit: admin ? unit : undefined });
  } catch (err) {
    if (!ctx.alive()) return;
    clear(body);
    if (err.status === 422) {
      setError(`${current.name}的数据有误，无法计算得分（共${err.problemsTotal}个问题）：`, err.problems, err.problemsNote);
    } else ctx.fail(err);
    return;
  }
  if (!ctx.alive()) return;
  clear(body).append(standing(ctx, data), progress(data), items(ctx, data));
  if (data.ranking_visible) body.append(await ranking(ctx, data));
  else body.append(h('p', { class: 'notice', testid: 'ranking-hidden' }, '本季度通报尚未公示，公示后可查看排名。'));
}

// Score, place in the table and the parts of the total: in view on a phone.
function standing(ctx, { unit: u, period }) {
  const place = u.rank === null || u.rank === undefined
    ? '未列入得分表'
    : `第 ${u.rank} 名 / 共 ${u.table_units} 个单位`;
  const part = (label, value, cls) => h('div', { class: ['home-part', cls] }, h('span', { class: 'home-part-label' }, label),
    h('span', { class: 'home-part-value' }, value ?? '0'));
  return h('section', { class: 'card home-standing', testid: 'home-standing', 'aria-label': '本单位得分' },
    h('div', { class: 'home-head' },
      h('h2', { class: 'home-unit', testid: 'home-unit-name' }, u.name),
      h('a', { href: unitHref(ctx, u.name, period.id), testid: 'home-explain' }, '查看得分说明')),
    h('div', { class: 'home-score' },
      h('div', {}, h('span', { class: 'home-total', testid: 'home-total' }, u.total), h('span', { class: 'home-unit-label' }, '分')),
      h('div', { class: 'home-rank', testid: 'home-rank' }, place,
        u.table ? h('span', { class: 'muted small' }, `（${u.table}，${period.name}）`) : null)),
    h('div', { class: 'home-parts' },
      part('发布得分', u.publication), part('加分', u.bonus),
      part('减分', u.deduction, u.deduction && u.deduction !== '0' ? 'is-danger' : null)));
}

function progress({ progress: p }) {
  if (!p) return card('本月进度', empty('本月没有进度数据'));
  const behind = p.status === 'behind';
  const full = p.full_marks_items === null || p.full_marks_items === undefined ? '不限' : `${p.full_marks_items} 条`;
  return h('section', { class: 'card', testid: 'home-progress' },
    h('div', { class: 'card-header' }, `本月进度（${monthLabel(p.month, true)}）`),
    h('div', { class: 'card-body home-progress' },
      h('div', {}, '已发布 ', h('strong', {}, String(p.published)), ' 条，满分需 ', full,
        p.publication_cap ? `（发布得分 ${p.publication_points} / ${p.publication_cap}）` : `（发布得分 ${p.publication_points}）`),
      h('div', {}, '有效投稿 ', h('strong', {}, String(p.submissions)), ' 篇',
        p.quota === null || p.quota === undefined ? '（不考核）' : `，任务 ${p.quota} 篇`),
      h('div', {}, h('span', { class: ['status', behind ? 'status-behind' : 'status-ok'], testid: 'home-progress-status' },
        behind ? p.status_text : '本月已完成'), behind ? h('span', { class: 'muted small' }, '（月底前完成可避免减分）') : null)));
}

function items(ctx, { rectification: r, period, unit }) {
  if (!r.enabled) return card('整改事项', empty('本考核方案没有整改要求'));
  const link = (it) => ctx.href(['rectify'], { period: period.id, item: it.id });
  const replies = ctx.user.role === 'unit';
  const table = dataTable({
    testid: 'home-items', emptyText: '没有待办的整改事项',
    rowAttrs: (it) => ({ dataset: { item: it.id, status: it.status_code } }),
    columns: [
      { key: 'reason', title: '问题', cls: 'cell-wrap' },
      { key: 'points', title: '减分', align: 'right', cls: 'hide-sm', render: (it) => h('span', { class: 'text-danger' }, it.points) },
      // Phones show 问题, 状态 (with the deadline under it) and 办理.
      { key: 'deadline', title: '整改期限', cls: 'hide-sm', render: (it) => it.deadline || '—' },
      { key: 'status', title: '状态', cls: 'cell-status', render: (it) => h('span', {},
        h('span', { class: ['tag', STATUS_TAG[it.status_code]] }, it.status),
        it.days_overdue ? h('span', { class: 'muted small' }, `逾期 ${it.days_overdue} 天`) : null,
        h('span', { class: 'show-sm muted small' }, `期限 ${it.deadline || '—'}`)) },
      { key: 'act', title: '办理', render: (it) => h('a', { href: link(it), testid: 'home-item-link' },
        replies && NEEDS_REPLY.has(it.status_code) ? '去回复' : '查看') },
    ],
    rows: r.items || [],
  });
  const summary = r.items.length
    ? [`${r.open} 项待办`, r.overdue ? h('span', { class: 'text-danger' }, `，其中 ${r.overdue} 项已逾期`) : '',
      r.deadline ? `；整改期限 ${r.deadline}` : '']
    : [r.deadline ? `整改期限 ${r.deadline}` : ''];
  return h('section', { class: 'card', testid: 'home-rectification' },
    h('div', { class: 'card-header' }, '整改事项'),
    h('div', { class: 'card-body' }, h('p', { class: 'table-meta' }, ...summary,
      ' · ', h('a', { href: ctx.href(['rectify'], { period: period.id, unit: replies ? '' : unit.name }) },
        `${unit.short_name || unit.name}的全部整改事项`)),
    table.el));
}

// The unit's score table, its own row marked.
async function ranking(ctx, { unit: u, period }) {
  let data;
  try {
    data = await api.get(`/periods/${api.seg(period.id)}/ranking`);
  } catch (err) {
    return card('排名', empty(err.message));
  }
  const rows = (data.units || []).filter((x) => !u.table || x.table === u.table);
  const table = dataTable({
    testid: 'home-ranking', maxHeight: '420px',
    rowAttrs: (x) => ({ dataset: { unit: x.name }, class: x.name === u.name ? 'is-own' : null }),
    columns: [
      { key: 'rank', title: '名次', align: 'center', width: '64px' },
      { key: 'short_name', title: '单位', render: (x) => h('a', { href: unitHref(ctx, x.name, period.id) }, x.short_name || x.name) },
      { key: 'deduction', title: '减分', align: 'right', render: (x) => (x.deduction !== '0' ? h('span', { class: 'text-danger' }, x.deduction) : '') },
      { key: 'total', title: '合计', align: 'right', render: (x) => h('strong', {}, x.total) },
    ],
    rows,
  });
  return h('section', { class: 'card', testid: 'home-ranking-card' },
    h('div', { class: 'card-header' }, `${u.table || ''}排名`, ' ',
      h('a', { class: 'small', href: ctx.href(['ranking'], { period: period.id }) }, '查看全部')),
    h('div', { class: 'card-body' }, table.el));
}
