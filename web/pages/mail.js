// 投稿审核 (admin and unit users): the mail ledger's review for a quarter —
// what every message counts for and why — with the message, its hints and
// its history; administrators also import .eml/.mbox files and record
// decisions (the same as `zwgk mail import/list/show/decide`).
// API: GET /periods/{id}/mail, GET /mail/{id}, POST /mail/{id}/decisions,
// POST /mail/import, GET /periods/{id}/mail.csv.
// Route: #/mail?period=&show=&unit=&id=

import * as api from '../api.js';
import { h, append, clear, dataTable, select, input, button, field, tabs, loading, empty, card, descriptions, toast,
  clearError, problemList, uploadProgress, fmtTime, monthLabel } from '../ui.js';
import { loadPeriods, periodSelect, filterBar, periodWord } from './common.js';

const SHOWS = [
  { key: '全部', label: '全部', testid: 'mail-tab-all' },
  { key: '待核实', label: '待核实', testid: 'mail-tab-attention' },
  { key: '未归属', label: '未归属', testid: 'mail-tab-unassigned' },
  { key: '不计入', label: '不计入', testid: 'mail-tab-rejected' },
  { key: '计入', label: '计入', testid: 'mail-tab-counted' },
];
const VERDICTS = ['计入', '不合格', '重复', '已排除', '未归属', '无收到时间'];
const VERDICT_TAG = { 计入: 'tag-success', 不合格: 'tag-danger', 重复: 'tag-danger', 已排除: '', 未归属: 'tag-warning', 无收到时间: 'tag-warning' };
const YES_NO = [{ value: '', label: '不修改' }, { value: '是', label: '是' }, { value: '否', label: '否' }];

const verdictTag = (verdict) => h('span', { class: ['tag', VERDICT_TAG[verdict]] }, verdict);
const unitLabel = (u) => (u ? u.short_name || u.name : '');
// A registry unit for a select: "区人社局（区人力资源和社会保障局）" when the names differ.
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

  const units = registry.units || [];
  const state = {
    period: current,
    show: SHOWS.some((s) => s.key === query.get('show')) ? query.get('show') : '全部',
    unit: admin ? query.get('unit') || '' : '',
    id: Number(query.get('id')) || null,
  };
  let data = null;

  // ------------------------------------------------------------ filters

  const periodEl = periodSelect(periods, current, (id) => {
    state.period = periods.find((p) => p.id === id);
    state.id = null;
    ctx.rememberedPeriod.set(id);
    ctx.setQuery({ period: id, id: '' });
    load();
  });
  const unitEl = admin
    ? select({
      testid: 'mail-unit-filter', value: state.unit, cls: 'input-wide',
      options: [{ value: '', label: '全部单位' }, ...units.map(unitOption)],
      onChange: (v) => { state.unit = v; ctx.setQuery({ unit: v }); load(); },
    })
    : h('span', { class: 'fixed-value', testid: 'mail-unit-filter' }, user.unit || '');
  const exportLink = h('a', { class: 'btn btn-default', testid: 'mail-export', download: '' }, '导出 CSV');
  const setExportHref = () => {
    const q = new URLSearchParams();
    if (state.show !== '全部') q.set('show', state.show);
    if (state.unit) q.set('unit', state.unit);
    const qs = q.toString();
    exportLink.href = `/api/v1/periods/${api.seg(state.period.id)}/mail.csv${qs ? `?${qs}` : ''}`;
    exportLink.setAttribute('download', `${state.period.id}邮件审核.csv`);
  };

  const tabHost = h('div', { class: 'mail-tabs' });
  const summaryEl = h('div', { class: 'mail-summary', testid: 'mail-summary' });
  const meta = h('div', { class: 'table-meta' });
  const detailHost = h('div', { class: 'mail-detail-host' });
  const countedHost = h('div');
  const layout = h('div', { class: 'mail-layout' });

  const table = dataTable({
    testid: 'mail-table', maxHeight: 'calc(100vh - 360px)', emptyText: '没有符合条件的邮件',
    rowAttrs: (r) => ({ dataset: { id: String(r.id), verdict: r.verdict },
      class: [r.id === state.id && 'is-selected', r.needs_attention && 'is-attention'].filter(Boolean).join(' ') }),
    onRowClick: (r) => open(r.id),
    columns: [
      { key: 'id', title: '编号', sortable: true, align: 'right', width: '64px', render: (r) => `#${r.id}` },
      { key: 'received', title: '收到时间', sortable: true, width: '140px',
        // Date and time wrap as wholes when the detail narrows the list.
        render: (r) => (r.received
          ? h('span', {}, r.received.split(' ').map((part, i) => [i ? ' ' : '', h('span', { class: 'nowrap' }, part)]))
          : h('span', { class: 'text-danger' }, '无收到时间')) },
      { key: 'unit', title: '单位', sortable: true, value: (r) => unitLabel(r.unit),
        render: (r) => (r.unit ? h('span', { title: r.unit.name }, h('span', { class: 'nowrap' }, unitLabel(r.unit)),
          r.attributed_by ? h('span', { class: 'muted small nowrap' }, `（${r.attributed_by}）`) : null)
          : h('span', { class: 'tag tag-warning' }, '未归属')) },
      // Phones leave the counts to the detail, so that the subject fits.
      { key: 'characters', title: '字数', sortable: true, align: 'right', cls: 'hide-sm', render: (r) => String(r.characters) },
      { key: 'pictures', title: '图片', sortable: true, align: 'right', cls: 'hide-sm', render: (r) => String(r.pictures) },
      { key: 'verdict', title: '结论', sortable: true,
        render: (r) => h('span', { class: 'mail-verdict' }, verdictTag(r.verdict),
          r.needs_attention ? h('span', { class: 'tag tag-warning' }, '待核实') : null) },
      { key: 'subject', title: '标题', cls: 'cell-wrap mail-subject-cell', render: subjectCell },
    ],
  });

  const importResult = h('div', { class: 'mail-import-result', testid: 'mail-import-result' });
  const filters = [[periodWord(periods), periodEl], ['单位', unitEl], exportLink];
  if (admin) filters.push(importButton(), h('span', { class: 'filter-note muted' }, '可多选 .eml 文件或 mbox 文件；已导入的邮件不会重复导入'));
  root.append(filterBar(...filters), importResult, summaryEl, tabHost, layout, countedHost);
  layout.append(h('div', { class: 'mail-list' }, meta, table.el), detailHost);

  function subjectCell(r) {
    return h('div', { class: 'mail-subject' },
      h('div', { class: 'mail-subject-title' }, r.subject || h('span', { class: 'muted' }, '（无标题）')),
      r.reason ? h('div', { class: 'mail-reason', testid: 'mail-reason' }, r.reason) : null,
      (r.hints || []).map((hint) => h('div', { class: 'mail-hint' }, '提示：', hint)));
  }

  // ------------------------------------------------------------ list

  let seq = 0;
  async function load() {
    const mine = ++seq;
    setExportHref();
    clearError();
    clear(meta).append(loading());
    let result;
    try {
      result = await api.get(`/periods/${api.seg(state.period.id)}/mail`, { show: state.show, unit: state.unit || undefined });
    } catch (err) {
      if (mine !== seq) return;
      clear(meta);
      table.setRows([]);
      ctx.fail(err, '邮件列表加载失败');
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    data = result;
    drawList();
    if (state.id) openDetail(state.id, { scroll: false });
    else clear(detailHost);
  }

  function drawList() {
    const s = data.summary || {};
    const counts = s.tabs || {};
    clear(tabHost).append(tabs(SHOWS.map((t) => ({ ...t, label: `${t.label}（${counts[t.key] ?? 0}）` })), state.show, (k) => {
      state.show = k;
      ctx.setQuery({ show: k === '全部' ? '' : k });
      load();
    }));
    append(clear(summaryEl), [
      h('span', { class: 'mail-summary-total' }, `${state.period.name}共 ${s.total ?? 0} 封`),
      VERDICTS.filter((v) => (s.verdicts || {})[v]).map((v) => h('span', { class: 'mail-summary-item', dataset: { verdict: v } },
        verdictTag(v), h('strong', {}, String(s.verdicts[v])))),
      counts['待核实'] ? h('span', { class: 'mail-summary-item' }, h('span', { class: 'tag tag-warning' }, '待核实'),
        h('strong', {}, String(counts['待核实']))) : null]);
    const rows = data.rows || [];
    table.setRows(rows);
    meta.textContent = `显示 ${rows.length} 封。点击一行查看邮件正文${admin ? '并审核' : ''}；没有收到时间的邮件在每个季度都列出，直到补录收到时间。`;
    drawCounted(s.counted_by_unit || []);
  }

  function drawCounted(list) {
    const months = data.period?.months || state.period.months || [];
    const t = dataTable({
      testid: 'mail-counted-table', emptyText: '本季度还没有计入的邮件投稿',
      columns: [
        { key: 'short_name', title: '单位', sortable: true, render: (u) => h('span', { title: u.name }, u.short_name || u.name) },
        ...months.map((m, i) => ({ key: `m${i}`, title: monthLabel(m), align: 'right', sortable: true,
          value: (u) => u.months?.[i], render: (u) => String(u.months?.[i] ?? 0) })),
        { key: 'total', title: '合计', align: 'right', sortable: true, render: (u) => h('strong', {}, String(u.total)) },
      ],
      rows: list,
    });
    clear(countedHost).append(card('计入的邮件投稿（按单位、月份，计入附件3）',
      h('p', { class: 'form-hint' }, '只统计结论为“计入”的邮件；投稿.csv 等文件中登记的投稿另计。得分和排名见“总览”。'), t.el));
  }

  function markSelected() {
    for (const tr of table.el.querySelectorAll('tbody tr[data-id]')) tr.classList.toggle('is-selected', Number(tr.dataset.id) === state.id);
  }

  function open(id) {
    state.id = id;
    ctx.setQuery({ id });
    markSelected();
    openDetail(id, { scroll: true });
  }

  function close() {
    state.id = null;
    ctx.setQuery({ id: '' });
    markSelected();
    clear(detailHost);
    layout.classList.remove('has-detail');
  }

  // ------------------------------------------------------------ detail

  let detailSeq = 0;
  async function openDetail(id, { scroll }) {
    const mine = ++detailSeq;
    layout.classList.add('has-detail');
    clear(detailHost).append(card(`邮件 #${id}`, loading()));
    let mail;
    try {
      mail = (await api.get(`/mail/${api.seg(id)}`)).mail;
    } catch (err) {
      if (mine !== detailSeq || !ctx.alive()) return;
      clear(detailHost).append(card(`邮件 #${id}`, empty(err.status === 403 ? '无权查看其他单位的邮件' : '邮件加载失败')));
      ctx.fail(err);
      return;
    }
    if (mine !== detailSeq || !ctx.alive()) return;
    clear(detailHost).append(detailPanel(mail));
    if (scroll && window.matchMedia('(max-width: 1100px)').matches) detailHost.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  function detailPanel(m) {
    const header = h('span', { class: 'mail-detail-title' }, `邮件 #${m.id}`, verdictTag(m.verdict),
      m.needs_attention ? h('span', { class: 'tag tag-warning' }, '待核实') : null,
      h('button', { type: 'button', class: 'dialog-close mail-close', 'aria-label': '关闭', testid: 'mail-close', onclick: close }, '×'));
    const facts = descriptions([
      ['标题', m.subject || '（无标题）'],
      ['发件人', m.from || '（无）'],
      ['收到时间', m.received ? `${m.received}（依据：${receivedFrom(m.received_from)}）` : h('span', { class: 'text-danger' }, '无收到时间')],
      ['单位', m.unit ? `${m.unit.name}${m.attributed_by ? `（依据：${m.attributed_by}）` : ''}` : h('span', { class: 'text-danger' }, '未归属')],
      ['字数 / 图片', `${m.characters} 字，${m.pictures} 张图片`],
      ['切题', `${m.on_topic ? '是' : '否'}${m.on_topic_decided ? '（人工认定）' : ''}`],
      ['结论', h('span', {}, m.verdict, m.reason ? h('span', { class: 'text-danger' }, `：${m.reason}`) : null,
        m.duplicate_of ? h('span', {}, '（', h('a', { href: '#', onclick: (e) => { e.preventDefault(); open(m.duplicate_of); } }, `查看第${m.duplicate_of}封`), '）') : null)],
      ['附件', (m.attachments || []).length ? (m.attachments || []).join('、') : '无'],
      ['来源', m.origin || ''],
      ['Message-ID', m.message_id || '（无）'],
      ['导入', `${m.imported_by || ''} ${fmtTime(m.imported_at)}`],
      ['审核记录', (m.decisions || []).length ? `${m.decisions.length} 条（见下）` : '无'],
    ]);
    const hints = (m.hints || []).length
      ? h('div', { class: 'alert alert-warning', testid: 'mail-hints' }, h('div', { class: 'alert-title' }, '请注意'),
        h('ul', { class: 'mail-hint-list' }, m.hints.map((x) => h('li', {}, x))))
      : null;
    const text = h('pre', { class: 'mail-text', testid: 'mail-text' }, m.text || '（没有正文）');
    const history = dataTable({
      testid: 'mail-history', emptyText: '还没有审核记录',
      columns: [
        { key: 'at', title: '时间', render: (d) => h('span', { class: 'nowrap' }, fmtTime(d.at).slice(0, 16)) },
        { key: 'user', title: '审核人' },
        { key: 'field', title: '修改', render: (d) => h('span', {}, `${d.field}：`,
          d.value === '' ? h('span', { class: 'muted' }, '（空）') : d.value) },
        { key: 'reason', title: '理由' },
      ],
      rows: [...(m.decisions || [])].reverse(),
    });
    // The history (usually a line or two) before the form: what was decided already, and why.
    return h('div', { class: 'mail-detail', testid: 'mail-detail', dataset: { id: String(m.id) } },
      card(header, hints, facts),
      (m.decisions || []).length ? card('审核记录', history.el) : null,
      admin ? card('审核', decisionForm(m)) : null,
      card('正文', text));
  }

  function decisionForm(m) {
    const unitSel = select({
      testid: 'decision-unit',
      options: [{ value: '', label: '不修改' }, { value: '__none__', label: '（取消归属）' },
        ...units.map(unitOption)],
    });
    const onTopic = select({ testid: 'decision-on-topic', options: YES_NO });
    const counted = select({ testid: 'decision-counted', options: [{ value: '', label: '不修改' },
      { value: '否', label: '否（不是投稿，排除）' }, { value: '是', label: '是（撤销排除）' }] });
    const characters = input({ type: 'number', min: '0', step: '1', placeholder: `现为 ${m.characters}`, testid: 'decision-characters' });
    const pictures = input({ type: 'number', min: '0', step: '1', placeholder: `现为 ${m.pictures}`, testid: 'decision-pictures' });
    const received = input({ placeholder: m.received ? `现为 ${m.received}` : '如 2020-08-31 23:30', testid: 'decision-received' });
    const checked = h('input', { type: 'checkbox', testid: 'decision-checked' });
    const reason = h('textarea', { class: 'input', rows: '2', testid: 'decision-reason', placeholder: '如：电话联系联络员核实，系该单位稿件' });
    const err = h('div', { class: 'alert alert-error', hidden: true, role: 'alert', testid: 'decision-error' });
    const submit = button('保存审核结果', { type: 'primary', htmlType: 'submit', testid: 'decision-submit' });

    // Labels above the controls, the short fields two to a row: the whole form fits beside the list.
    const item = (label, control, opts) => {
      const el = field(label, control, opts);
      el.classList.add('form-item-stacked');
      return el;
    };
    const form = h('form', { class: 'form mail-form', novalidate: true, testid: 'decision-form' },
      h('p', { class: 'form-hint' }, '只填写要修改的项（字数、图片数可人工清点，如 .doc 附件中的正文；收到时间在邮件头没有时补录）。',
        '每项修改连同理由、审核人记入审核记录和审计日志，后来的审核覆盖先前的。'),
      item('单位', unitSel),
      h('div', { class: 'mail-form-grid' },
        item('切题', onTopic), item('计入', counted),
        item('字数', characters), item('图片数', pictures),
        item('收到时间', received), item('核实', h('label', { class: 'filter-item checkbox mail-checked' }, checked, '已核实，无需修改'))),
      item('理由', reason, { required: true }),
      err,
      h('div', { class: 'form-actions' }, submit));

    const showErr = (message, problems = []) => {
      append(clear(err), [h('div', { class: 'alert-title' }, message), problems.length ? problemList(problems) : null]);
      err.hidden = false;
    };

    form.addEventListener('input', () => { err.hidden = true; });
    form.addEventListener('change', () => { err.hidden = true; });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      err.hidden = true;
      const set = {};
      if (unitSel.value) set['单位'] = unitSel.value === '__none__' ? '' : unitSel.value;
      if (onTopic.value) set['切题'] = onTopic.value;
      if (characters.value.trim()) set['字数'] = characters.value.trim();
      if (pictures.value.trim()) set['图片数'] = pictures.value.trim();
      if (counted.value) set['计入'] = counted.value;
      if (received.value.trim()) set['收到时间'] = received.value.trim();
      if (checked.checked) set['核实'] = '是';
      if (!Object.keys(set).length) { showErr('请至少修改一项，或勾选“已核实，无需修改”'); return; }
      if (!reason.value.trim()) { showErr('请写明理由（记入审核记录）'); reason.focus(); return; }
      submit.disabled = true;
      try {
        const r = await api.post(`/mail/${api.seg(m.id)}/decisions`, { set, reason: reason.value.trim() });
        if (!ctx.alive()) return;
        toast(`已记录：邮件 #${m.id} 现为“${r.mail.verdict}”`);
        await load();
      } catch (error) {
        if (error.status === 401) return;
        showErr(error.status === 422 ? '审核结果未保存：' : error.message, error.status === 422 ? error.problems : []);
      } finally {
        submit.disabled = false;
      }
    });
    return form;
  }

  // ------------------------------------------------------------ import

  function importButton() {
    const fileInput = h('input', { type: 'file', multiple: true, accept: '.eml,.mbox,.mbx,message/rfc822', testid: 'mail-import-input',
      class: 'file-input', title: '选择从邮箱导出的 .eml 文件（可多选）或 mbox 文件' });
    const pick = h('label', { class: 'btn btn-primary file-button' }, fileInput, '导入邮件文件');
    const result = importResult;
    fileInput.addEventListener('change', async () => {
      const files = [...fileInput.files];
      if (!files.length) return;
      const bad = files.find((f) => /\.[^.]+$/.test(f.name) && !/\.(eml|mbox|mbx)$/i.test(f.name));
      if (bad) {
        clear(result).append(h('div', { class: 'alert alert-error' }, `只能导入 .eml 或 .mbox 文件，而“${bad.name}”不是`));
        fileInput.value = '';
        return;
      }
      const progress = uploadProgress(`正在上传 ${files.length} 个文件`);
      clear(result).append(progress.el);
      try {
        const r = await api.upload('/mail/import', files, undefined, {
          onProgress: progress.set, onSent: () => progress.checking(`正在导入 ${files.length} 个文件…`),
        });
        if (!ctx.alive()) return;
        const problems = (r.problems || []).map((p) => ({ severity: 'error', text: p }));
        const more = (listed, total, severity) =>
          total > listed.length ? [{ severity, text: `……另有 ${total - listed.length} 条未列出（只列出前 ${listed.length} 条）` }] : [];
        const warnings = (r.warnings || []).map((w) => ({ severity: 'warning', text: w }));
        const waiting = (r.waiting || []).map((w) => ({ severity: 'warning', text: w.text }));
        const notes = [...problems, ...more(problems, r.problems_total ?? problems.length, 'error'),
          ...warnings, ...more(warnings, r.warnings_total ?? warnings.length, 'warning'), ...waiting];
        clear(result).append(h('div', { class: ['alert', notes.length ? 'alert-warning' : 'alert-success'], testid: 'mail-import-summary' },
          `${r.summary}。`, notes.length ? problemList(notes) : null));
        toast(`导入完成：新增 ${r.added} 封`);
        await load();
      } catch (error) {
        clear(result);
        ctx.fail(error, '导入失败');
      } finally {
        fileInput.value = '';
      }
    });
    return pick;
  }

  await load();
}

function receivedFrom(from) {
  if (from === 'Received') return '本单位邮件服务器';
  if (from === 'INTERNALDATE') return '邮箱服务器存入时间';
  if (from === 'Date') return '发信人填写的日期';
  if (from === '人工') return '人工补录';
  return from || '';
}
