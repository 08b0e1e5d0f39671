// 整改 (admin and unit users): a quarter's rectification items — one per
// deduction the scheme asks to put right — with their status and history.
// A unit's liaison replies (what was fixed, with a link and/or a file) and
// contests a finding while the window after 公示 is open; the office
// verifies or returns replies, upholds or withdraws contests, and marks the
// bulletin 公示 and 定稿. The 逾期 tab lists what is still owed after its
// deadline, in every quarter. The same as `zwgk rectify …`.
// API: GET /periods/{id}/rectification, GET|POST /periods/{id}/rectification/{unit}/{code}[/{action}],
// POST /periods/{id}/rectification/draft|final, GET /rectification/overdue.
// Route: #/rectify?period=&tab=overdue&status=&unit=&item=
// One item in the drawer (its reply form and the office's decisions): rectify_item.js.

import * as api from '../api.js';
import { h, clear, dataTable, select, button, tabs, loading, empty, card, descriptions, toast,
  clearError, dialog } from '../ui.js';
import { loadPeriods, periodSelect, filterBar, periodWord } from './common.js';
import { STATUS_TAG, statusTag, unitLabel, pathOfId, dash, itemCards } from './rectify_item.js';

const unitOption = (u) => ({ value: u.name, label: u.short_name && u.short_name !== u.name ? `${u.short_name}（${u.name}）` : u.name });

export async function render(ctx) {
  const { root, user, query } = ctx;
  const admin = user.role === 'admin';
  root.append(loading());
  const [{ periods, current }, registry] = await Promise.all([
    loadPeriods(ctx),
    admin ? api.get('/registry').catch((e) => { ctx.fail(e); return { units: [] }; }) : Promise.resolve({ units: [] }),
  ]);
  if (!ctx.alive()) return;
  clear(root);
  if (!current) { root.append(empty('还没有任何季度')); return; }

  const state = {
    period: current,
    tab: query.get('tab') === 'overdue' ? 'overdue' : 'items',
    status: query.get('status') || 'all',
    unit: admin ? query.get('unit') || '' : '',
    item: query.get('item') || '',
  };
  let data = null;
  let overdue = null;

  // ------------------------------------------------------------ filters

  const periodEl = periodSelect(periods, current, (id) => {
    state.period = periods.find((p) => p.id === id);
    ctx.rememberedPeriod.set(id);
    ctx.setQuery({ period: id });
    closeDrawer();
    load();
  });
  const unitEl = admin
    ? select({
      testid: 'rectify-unit-filter', value: state.unit, cls: 'input-wide',
      options: [{ value: '', label: '全部单位' }, ...(registry.units || []).map(unitOption)],
      onChange: (v) => { state.unit = v; ctx.setQuery({ unit: v }); load(); },
    })
    : h('span', { class: 'fixed-value', testid: 'rectify-unit-filter' }, user.unit || '');

  const periodHost = h('div', { testid: 'rectify-period' });
  const tabHost = h('div');
  const body = h('div');
  const drawerHost = h('div');
  root.append(filterBar([periodWord(periods), periodEl], ['单位', unitEl]), periodHost, tabHost, body, drawerHost);

  // ------------------------------------------------------------ loading

  let seq = 0;
  async function load() {
    const mine = ++seq;
    clearError();
    clear(body).append(loading());
    const unit = state.unit || undefined;
    const status = state.status === 'all' ? undefined : state.status;
    let list, late;
    try {
      [list, late] = await Promise.all([
        api.get(`/periods/${api.seg(state.period.id)}/rectification`, { status, unit }),
        api.get('/rectification/overdue', { unit }),
      ]);
    } catch (err) {
      if (mine !== seq || !ctx.alive()) return;
      clear(body);
      clear(periodHost);
      ctx.fail(err, '整改事项加载失败');
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    data = list;
    overdue = late;
    drawPeriod();
    draw();
    if (state.item) openItem(state.item, { keep: true });
  }

  function draw() {
    clear(tabHost).append(tabs([
      { key: 'items', label: `${state.period.name}整改事项（${data.total}）`, testid: 'rectify-tab-items' },
      { key: 'overdue', label: `逾期未整改（${overdue.items.length}）`, testid: 'rectify-tab-overdue' },
    ], state.tab, (k) => { state.tab = k; ctx.setQuery({ tab: k === 'overdue' ? k : '' }); draw(); }));
    clear(body).append(state.tab === 'overdue' ? overduePanel() : itemsPanel());
  }

  // ------------------------------------------------------------ the quarter's dates and 公示/定稿

  function drawPeriod() {
    const s = data;
    const rules = s.rules || {};
    clear(periodHost);
    if (!rules.enabled) {
      periodHost.append(h('div', { class: 'alert alert-warning' },
        '考核方案中没有整改规则（[rectification]），本季度不设整改事项。'));
      return;
    }
    const contestWindow = !rules.contest_days ? '考核方案未设申诉期'
      : !s.draft ? `公示后 ${rules.contest_days} 个工作日内可以申诉（尚未公示）`
        : s.contest_closes ? `${s.draft.slice(0, 10)} 公示，至 ${s.contest_closes} 止${s.contest_open ? '（申诉期内）' : s.final ? '' : '（已截止）'}`
          : '无法推算（缺少工作日历）';
    const facts = descriptions([
      ['成文日期', dash(s.published)],
      ['整改期限', s.deadline ? h('strong', { testid: 'rectify-deadline' }, s.deadline) : '未定'],
      ['公示', s.draft ? s.draft : '未公示'],
      ['申诉期', contestWindow],
      ['定稿', s.final ? s.final : '未定稿'],
      ['年度扣分', `逾期未整改每项 ${rules.unrectified_penalty} 分，逾期整改每项 ${rules.late_penalty} 分`],
    ]);
    const actions = [];
    if (admin) {
      const refusals = s.period_refusals || {};
      const allowed = new Set(s.period_actions || []);
      const draftBtn = button('公示通报', { type: 'primary', testid: 'rectify-draft', disabled: !allowed.has('draft'),
        title: refusals.draft || '', onClick: () => markPeriod('draft') });
      const finalBtn = button(s.contest_closes && !s.final ? `定稿（申诉期至 ${s.contest_closes} 止）` : '定稿',
        { testid: 'rectify-final', disabled: !allowed.has('final'), title: refusals.final || '', onClick: () => markPeriod('final') });
      // 撤回公示: inside the contest window, before 定稿 (confirmed, with a reason).
      const withdrawBtn = s.draft && allowed.has('withdraw_draft')
        ? button('撤回公示', { type: 'danger', testid: 'rectify-withdraw-draft', onClick: () => markPeriod('withdraw_draft') }) : null;
      if (!s.final) actions.push(h('div', { class: 'rectify-period-actions' }, s.draft ? withdrawBtn : draftBtn, finalBtn,
        !allowed.has('final') && refusals.final && !s.final ? h('span', { class: 'muted small', testid: 'rectify-final-note' }, refusals.final) : null));
      // Why 公示 is not possible yet: every reason, before the button is tried.
      if (!s.draft && !s.final && (s.draft_blockers || []).length) {
        actions.push(h('div', { class: 'alert alert-warning', testid: 'rectify-draft-blockers' },
          h('div', {}, '还不能公示，原因：'), h('ul', { class: 'readiness-list' }, s.draft_blockers.map((t) => h('li', {}, t)))));
      }
    }
    const problems = (s.problems || []).map((p) => h('li', {}, p));
    periodHost.append(card(h('span', {}, `${state.period.name}通报的整改与申诉`, h('span', { class: 'muted small' }, `（按 ${s.as_of} 计）`)),
      h('div', { class: 'rectify-period' }, facts, actions),
      problems.length ? h('div', { class: 'alert alert-warning' }, h('ul', { class: 'mail-hint-list' }, problems)) : null));
  }

  function markPeriod(kind) {
    const s = data;
    const withdraw = kind === 'withdraw_draft';
    const title = kind === 'draft' ? `公示${state.period.name}通报` : withdraw ? `撤回${state.period.name}通报的公示` : `${state.period.name}通报定稿`;
    const text = h('textarea', { class: 'input', rows: '2', testid: 'period-note', placeholder: withdraw ? '撤回理由（必填）' : '说明（可不填）' });
    const err = h('div', { class: 'alert alert-error', hidden: true, role: 'alert', testid: 'dialog-error' });
    const days = s.rules?.contest_days;
    const hint = kind === 'draft'
      ? (days ? `公示后各单位可在 ${days} 个工作日内对检查发现提出申诉；申诉期满、申诉都处理完毕后才能定稿。` : '考核方案未设申诉期。')
      : withdraw ? '撤回后本季度通报视为未公示（公示和撤回都保留在整改记录和审计日志中），改正后可以重新公示。'
        : '定稿后不再受理申诉，通报和得分以此为准。';
    dialog({
      title, testid: 'period-dialog', okText: kind === 'draft' ? '公示' : withdraw ? '撤回公示' : '定稿',
      body: h('div', {}, h('p', { class: 'form-hint' }, hint), text, err),
      onOk: async () => {
        if (withdraw && !text.value.trim()) {
          err.textContent = '请写明撤回理由';
          err.hidden = false;
          return false;
        }
        try {
          await api.post(`/periods/${api.seg(state.period.id)}/rectification/${kind}`, { text: text.value.trim() });
        } catch (e) {
          if (e.status === 401) return true;
          err.textContent = e.message;
          err.hidden = false;
          return false;
        }
        toast(kind === 'draft' ? '已公示' : withdraw ? '已撤回公示' : '已定稿');
        load();
        return true;
      },
    });
  }

  // ------------------------------------------------------------ items

  function itemsPanel() {
    const counts = data.counts || [];
    const chips = h('div', { class: 'chips', role: 'group', 'aria-label': '按状态筛选', testid: 'rectify-chips' },
      [{ code: 'all', name: '全部', count: data.total }, ...counts].map((c) =>
        h('button', { type: 'button', class: ['chip', state.status === c.code && 'is-active', c.count === 0 && c.code !== 'all' && 'is-zero'],
          testid: `rectify-chip-${c.code}`, 'aria-pressed': String(state.status === c.code),
          onclick: () => { state.status = c.code; ctx.setQuery({ status: c.code === 'all' ? '' : c.code }); load(); } },
        c.code === 'all' ? null : h('span', { class: ['chip-dot', STATUS_TAG[c.code]] }), c.name, h('span', { class: 'chip-count' }, String(c.count)))));
    const table = dataTable({
      testid: 'rectify-table', emptyText: data.rules?.enabled ? '没有符合条件的整改事项' : '本季度不设整改事项',
      rowAttrs: (r) => ({ dataset: { id: r.id, status: r.status_code }, class: r.id === state.item ? 'is-selected' : '' }),
      onRowClick: (r) => openItem(r.id),
      columns: [
        { key: 'unit', title: '单位', sortable: true, value: (r) => unitLabel(r.unit),
          render: (r) => h('span', { title: r.unit.name, class: 'nowrap' }, unitLabel(r.unit)) },
        { key: 'code', title: '问题', sortable: true, cls: 'cell-wrap',
          render: (r) => h('div', {}, h('div', { class: 'rectify-code' }, r.code), h('div', { class: 'muted small' }, r.reason)) },
        // Phones drop 扣分 and 整改期限 (the deadline goes under the status) so that 状态 fits.
        { key: 'points', title: '扣分', sortable: true, align: 'right', cls: 'hide-sm' },
        { key: 'deadline', title: '整改期限', sortable: true, cls: 'hide-sm', render: (r) => dash(r.deadline) },
        { key: 'status', title: '状态', sortable: true, cls: 'cell-status', render: (r) => h('span', {}, statusTag(r),
          r.awaiting_check && r.status_code !== 'replied' ? h('span', { class: 'tag tag-warning' }, '有待核实回复') : null,
          r.days_overdue !== null ? h('span', { class: 'muted small' }, `逾期 ${r.days_overdue} 天`) : null,
          h('span', { class: 'show-sm muted small' }, `期限 ${dash(r.deadline)}`)) },
        { key: 'fixed_at', title: '整改时间', sortable: true, cls: 'hide-sm', render: (r) => dash(r.fixed_at) },
      ],
      rows: data.items || [],
    });
    const hint = admin
      ? '点击一行查看整改情况和办理记录：核实或退回单位的整改回复，处理申诉。'
      : '点击一行查看并回复：写明整改了什么，附上整改后的网址或证明文件；公示后的申诉期内可以对检查发现提出申诉。';
    return h('div', {}, chips, h('p', { class: 'table-meta' }, `显示 ${(data.items || []).length} 项。${hint}`), table.el);
  }

  // ------------------------------------------------------------ overdue

  function overduePanel() {
    const units = overdue.units || [];
    const table = dataTable({
      testid: 'overdue-table', emptyText: '没有逾期未整改的事项',
      rowAttrs: (r) => ({ dataset: { id: r.id } }),
      onRowClick: (r) => openItem(r.id),
      sort: { key: 'days', dir: 'desc' },
      columns: [
        { key: 'period', title: '季度', sortable: true, cls: 'hide-sm' },
        { key: 'unit', title: '单位', sortable: true, value: (r) => unitLabel(r.unit),
          render: (r) => h('span', { title: r.unit.name, class: 'nowrap' }, unitLabel(r.unit)) },
        { key: 'code', title: '问题', cls: 'cell-wrap',
          render: (r) => h('div', {}, h('div', { class: 'rectify-code' }, r.code), h('div', { class: 'muted small' }, r.reason)) },
        { key: 'deadline', title: '整改期限', sortable: true, cls: 'hide-sm' },
        { key: 'days', title: '逾期天数', sortable: true, align: 'right', value: (r) => r.days_overdue,
          render: (r) => h('span', {}, h('strong', { class: 'text-danger', testid: 'overdue-days' }, `${r.days_overdue} 天`),
            h('span', { class: 'show-sm muted small' }, `期限 ${dash(r.deadline)}`)) },
        { key: 'annual_penalty', title: '年度扣分', sortable: true, align: 'right', cls: 'hide-sm' },
      ],
      rows: overdue.items || [],
    });
    const skipped = (overdue.skipped || []).map((s) => h('li', {}, s.text));
    return h('div', {},
      h('p', { class: 'table-meta' }, `截至 ${overdue.as_of}，整改期限已过仍未整改（或回复晚于期限、尚待核实）的事项共 ${(overdue.items || []).length} 项，`,
        '每项在年度考核中扣分；单位回复并经核实后改为“逾期整改”。'),
      units.length > 1 ? h('p', { class: 'overdue-units', testid: 'overdue-units' }, `涉及 ${units.length} 个单位；最多的是：`,
        units.slice(0, 5).map((u, i) => [i ? '、' : '', h('strong', {}, unitLabel(u)), `（${u.count} 项）`]),
        units.length > 5 ? ' 等' : '') : null,
      skipped.length ? h('div', { class: 'alert alert-warning' }, h('ul', { class: 'mail-hint-list' }, skipped)) : null,
      table.el);
  }

  // ------------------------------------------------------------ the drawer

  let drawerSeq = 0;
  function markSelected() {
    for (const tr of body.querySelectorAll('tbody tr[data-id]')) tr.classList.toggle('is-selected', tr.dataset.id === state.item);
  }

  function closeDrawer() {
    state.item = '';
    ctx.setQuery({ item: '' });
    clear(drawerHost);
    markSelected();
    document.removeEventListener('keydown', onKey);
  }

  function onKey(e) {
    if (!ctx.alive()) { document.removeEventListener('keydown', onKey); return; }
    if (e.key === 'Escape' && !document.querySelector('.dialog-overlay')) closeDrawer();
  }

  async function openItem(id, { keep = false } = {}) {
    const mine = ++drawerSeq;
    state.item = id;
    if (!keep) ctx.setQuery({ item: id });
    markSelected();
    document.addEventListener('keydown', onKey);
    const panel = drawerShell(id.split('/').slice(1).join(' · '), loading());
    clear(drawerHost).append(panel);
    let detail;
    try {
      detail = await api.get(pathOfId(id));
    } catch (err) {
      if (mine !== drawerSeq || !ctx.alive()) return;
      clear(drawerHost).append(drawerShell('整改事项', empty(err.status === 403 ? '无权查看其他单位的整改事项' : err.message)));
      return;
    }
    if (mine !== drawerSeq || !ctx.alive()) return;
    showItem(detail);
  }

  function drawerShell(title, ...content) {
    return h('aside', { class: 'drawer', role: 'dialog', 'aria-label': '整改事项详情', testid: 'rectify-drawer' },
      h('div', { class: 'drawer-header' }, h('span', { class: 'drawer-title' }, title),
        h('button', { type: 'button', class: 'dialog-close', 'aria-label': '关闭', testid: 'rectify-drawer-close', onclick: closeDrawer }, '×')),
      h('div', { class: 'drawer-body' }, content));
  }

  function showItem(detail) {
    const it = detail.item;
    const parts = itemCards(ctx, detail, { admin, onChange: (r) => { showItem(r); refreshList(); } });
    clear(drawerHost).append(drawerShell(h('span', {}, `${unitLabel(it.unit)} · ${it.code}`, statusTag(it)), parts));
  }

  // The list and counts after a change, keeping the drawer as it is.
  async function refreshList() {
    const unit = state.unit || undefined;
    const status = state.status === 'all' ? undefined : state.status;
    try {
      const [list, late] = await Promise.all([
        api.get(`/periods/${api.seg(state.period.id)}/rectification`, { status, unit }),
        api.get('/rectification/overdue', { unit }),
      ]);
      if (!ctx.alive()) return;
      data = list;
      overdue = late;
      drawPeriod();
      draw();
      markSelected();
    } catch (err) {
      ctx.fail(err);
    }
  }

  await load();
}
