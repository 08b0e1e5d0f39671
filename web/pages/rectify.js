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

import * as api from '../api.js';
import { h, clear, dataTable, select, input, button, field, tabs, loading, empty, card, descriptions, toast,
  clearError, dialog } from '../ui.js';
import { loadPeriods, periodSelect, filterBar, periodWord } from './common.js';

const STATUS_TAG = {
  open: 'tag-info', replied: 'tag-warning', returned: 'tag-danger', contested: 'tag-warning',
  done: 'tag-success', late: 'tag-warning', overdue: 'tag-danger', withdrawn: '',
};
const KIND_TAG = { reply: 'tag-info', verify: 'tag-success', reject: 'tag-danger', contest: 'tag-warning',
  uphold: '', withdraw: 'tag-success' };
const WEB_LINK = /^https?:\/\/\S+$/i;

const statusTag = (item) => h('span', { class: ['tag', STATUS_TAG[item.status_code]], testid: 'item-status' }, item.status);
const unitLabel = (u) => (u ? u.short_name || u.name : '');
const unitOption = (u) => ({ value: u.name, label: u.short_name && u.short_name !== u.name ? `${u.short_name}（${u.name}）` : u.name });
const itemPath = (period, unitName, code) =>
  `/periods/${api.seg(period)}/rectification/${api.seg(unitName)}/${api.seg(code)}`;
// "2020Q3/齐都镇/目录未上传" → its API path (unit names and codes have no "/").
const pathOfId = (id) => {
  const [period, unit, ...code] = String(id).split('/');
  return itemPath(period, unit, code.join('/'));
};
const dash = (v) => v || '—';

// A link a unit gave, as a link only when it is a web address.
function webLink(url) {
  if (!url) return null;
  return WEB_LINK.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'break-all' }, url)
    : h('span', { class: 'break-all' }, url);
}

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

  function showItem({ item, state: periodState }) {
    const it = item;
    const allowed = new Set(it.actions || []);
    const refusals = it.refusals || {};
    const path = pathOfId(it.id);
    const facts = descriptions([
      [periodWord([it.period]), it.period],
      ['单位', it.unit.name],
      ['问题', h('span', {}, h('strong', {}, it.code), h('div', { class: 'muted' }, it.reason))],
      ['扣分', `${it.points} 分`],
      ['整改期限', dash(it.deadline)],
      ['状态', h('span', {}, statusTag(it), it.days_overdue !== null ? h('span', { class: 'text-danger' }, `已逾期 ${it.days_overdue} 天`) : null)],
      ['整改完成', dash(it.fixed_at)],
      ['申诉', it.contested ? (it.contest_outcome ? `已申诉，结果：${it.contest_outcome_name}` : '已申诉，待处理') : '无'],
      ['年度扣分', it.annual_penalty !== '0' ? h('span', { class: 'text-danger' }, `${it.annual_penalty} 分`) : '无'],
    ]);
    const history = h('ol', { class: 'timeline', testid: 'rectify-history' },
      (it.history || []).length ? [...it.history].reverse().map((e) => h('li', { class: 'timeline-item', dataset: { kind: e.kind_code } },
        h('div', { class: 'timeline-head' }, h('span', { class: ['tag', KIND_TAG[e.kind_code]] }, e.kind),
          h('span', { class: 'muted small' }, `${e.when} · ${e.user}`)),
        e.text ? h('div', { class: 'timeline-text' }, e.text) : null,
        e.link ? h('div', { class: 'small' }, '链接：', webLink(e.link)) : null,
        e.file ? h('div', { class: 'small' }, '附件：', h('a', { href: e.file.url, download: e.file.name, testid: 'evidence-link' }, e.file.name)) : null))
        : h('li', { class: 'muted' }, '还没有办理记录'));

    const parts = [card(null, facts), card('办理记录', history)];
    if (allowed.has('reply')) parts.push(card('整改回复', replyForm(path, it)));
    else if (!admin && it.awaiting_check) {
      parts.push(h('div', { class: 'alert alert-info', testid: 'reply-refused' }, '已回复，正等待区政府办公室核实；核实通过后办结，退回后可重新回复。'));
    } else if (!admin && refusals.reply && !['done', 'late', 'withdrawn'].includes(it.status_code)) {
      parts.push(h('div', { class: 'alert alert-info', testid: 'reply-refused' }, refusals.reply));
    }
    const buttons = [];
    if (allowed.has('verify')) buttons.push(button('核实通过', { type: 'primary', testid: 'action-verify', onClick: () => decide(path, 'verify', it) }));
    if (allowed.has('reject')) buttons.push(button('退回', { type: 'danger', testid: 'action-reject', onClick: () => decide(path, 'reject', it) }));
    if (allowed.has('uphold')) buttons.push(button('维持原认定', { testid: 'action-uphold', onClick: () => decide(path, 'uphold', it) }));
    if (allowed.has('withdraw')) buttons.push(button('撤销扣分', { type: 'danger', testid: 'action-withdraw', onClick: () => decide(path, 'withdraw', it) }));
    if (allowed.has('contest')) buttons.push(button('提出申诉', { testid: 'action-contest', onClick: () => decide(path, 'contest', it) }));
    const contestNote = !allowed.has('contest') && periodState.rules?.contest_days && refusals.contest && !admin
      ? h('p', { class: 'form-hint', testid: 'contest-refused' }, `申诉：${refusals.contest}`) : null;
    const contestOpen = allowed.has('contest') && periodState.contest_closes
      ? h('p', { class: 'form-hint' }, `申诉期至 ${periodState.contest_closes} 止，每个问题只能申诉一次。`) : null;
    if (buttons.length || contestNote) parts.push(card(admin ? '办理' : '申诉', h('div', { class: 'form-actions-row' }, buttons), contestOpen, contestNote));
    clear(drawerHost).append(drawerShell(h('span', {}, `${unitLabel(it.unit)} · ${it.code}`, statusTag(it)), parts));
  }

  const DECISIONS = {
    verify: { title: '核实通过', label: '核实说明', hint: '确认单位已整改到位，事项办结；以最近一次回复的时间作为整改完成时间。', required: false, ok: '核实通过' },
    reject: { title: '退回整改', label: '退回理由', hint: '单位将看到退回理由，须重新整改并回复。', required: true, ok: '退回' },
    uphold: { title: '维持原认定', label: '理由', hint: '维持检查发现，扣分不变；事项回到申诉前的状态。', required: true, ok: '维持' },
    withdraw: { title: '撤销扣分', label: '理由', hint: '撤销这项检查发现：本季度的得分、排名、通报和附件4随之改变。', required: true, ok: '撤销' },
    contest: { title: '提出申诉', label: '申诉理由', hint: '写明对检查发现有异议的理由；区政府办公室将维持或撤销，每个问题只能申诉一次。', required: true, ok: '提交申诉' },
  };

  function decide(path, kind, it) {
    const d = DECISIONS[kind];
    const text = h('textarea', { class: 'input', rows: '3', testid: 'decision-text',
      placeholder: d.required ? '必填' : '可不填' });
    const err = h('div', { class: 'alert alert-error', hidden: true, role: 'alert', testid: 'dialog-error' });
    dialog({
      title: `${d.title}：${unitLabel(it.unit)} · ${it.code}`, testid: 'decision-dialog', okText: d.ok,
      body: h('div', { class: 'form form-dialog' }, h('p', { class: 'form-hint' }, d.hint),
        field(d.label, text, { required: d.required }), err),
      onOk: async () => {
        const value = text.value.trim();
        if (d.required && !value) {
          err.textContent = `请填写${d.label}`;
          err.hidden = false;
          return false;
        }
        try {
          const r = await api.post(`${path}/${kind}`, { text: value });
          if (!ctx.alive()) return true;
          toast(`${d.title}：已记录，现为“${r.item.status}”`);
          showItem(r);
          refreshList();
        } catch (e) {
          if (e.status === 401) return true;
          err.textContent = e.message;
          err.hidden = false;
          return false;
        }
        return true;
      },
    });
  }

  function replyForm(path, it) {
    const text = h('textarea', { class: 'input', rows: '4', testid: 'reply-text',
      placeholder: '如：已在政府信息公开专栏补充上传2020年度部门预算、决算目录' });
    const link = input({ type: 'url', testid: 'reply-link', placeholder: 'https://…（整改后的页面）', inputmode: 'url' });
    const file = h('input', { type: 'file', class: 'file-input', testid: 'reply-file', title: '选择证明文件' });
    const fileName = h('span', { class: 'muted small', testid: 'reply-file-name' }, '未选择文件');
    file.addEventListener('change', () => { fileName.textContent = file.files[0]?.name || '未选择文件'; });
    const pick = h('div', { class: 'file-pick' }, h('label', { class: 'btn btn-default file-button' }, file, '选择文件'), fileName);
    const err = h('div', { class: 'alert alert-error', hidden: true, role: 'alert', testid: 'reply-error' });
    const submit = button('提交整改回复', { type: 'primary', htmlType: 'submit', testid: 'reply-submit' });
    const late = it.deadline && it.status_code === 'overdue'
      ? h('div', { class: 'alert alert-warning' }, `整改期限 ${it.deadline} 已过：现在回复并经核实后记为“逾期整改”。`) : null;
    const form = h('form', { class: 'form rectify-form', novalidate: true, testid: 'reply-form' },
      late,
      field('整改情况', text, { required: true }),
      field('网址链接', link, { hint: '整改后可以看到的页面地址' }),
      field('证明文件', pick, { hint: '截图、文件等（不超过 32 MB）；链接和文件至少提供一项' }),
      err, h('div', { class: 'form-actions' }, submit));
    const showErr = (message) => { err.textContent = message; err.hidden = false; };
    form.addEventListener('input', () => { err.hidden = true; });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hidden = true;
      const t = text.value.trim();
      const l = link.value.trim();
      const f = file.files[0];
      if (!t) { showErr('请填写整改情况'); text.focus(); return; }
      if (!l && !f) { showErr('请附上整改后的网址链接或证明文件（至少一项）'); return; }
      if (l && !WEB_LINK.test(l)) { showErr('链接应为以 http:// 或 https:// 开头的网址'); link.focus(); return; }
      const body = new FormData();
      body.append('text', t);
      if (l) body.append('link', l);
      if (f) body.append('file', f, f.name);
      submit.disabled = true;
      try {
        const r = await api.request('POST', `${path}/reply`, { form: body });
        if (!ctx.alive()) return;
        toast('整改回复已提交，等待区政府办公室核实');
        showItem(r);
        refreshList();
      } catch (error) {
        if (error.status !== 401) showErr(error.message);
      } finally {
        submit.disabled = false;
      }
    });
    return form;
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
