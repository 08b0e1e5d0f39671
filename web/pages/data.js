// 数据录入 (admin): upload with preview and commit (replacing a file of the
// kind or added beside it), findings, registry, files (with deletion).
// Sub-routes: #/data/upload, #/data/finding, #/data/indicator (schemes with indicator facts),
// #/data/crawl (网站采集, issue 17), #/data/registry, #/data/files

import * as api from '../api.js';
import { h, clear, dataTable, tabs, loading, empty, button, setError, clearError, toast, problemList, problemText,
  uploadProgress, dialog, fmtTime, fmtSize, card } from '../ui.js';
import { loadPeriods, periodSelect, filterBar, periodWord } from './common.js';
import { renderFindings } from './findings.js';
import { renderIndicatorFacts } from './indicator_facts.js';
import { renderCrawl } from './crawl.js';
import { renderRegistry } from './registry.js';

const TABS = [
  { key: 'upload', label: '上传数据', testid: 'tab-upload' },
  { key: 'finding', label: '录入检查问题', testid: 'tab-finding' },
  { key: 'indicator', label: '录入指标数据', testid: 'tab-indicator', facts: true },
  { key: 'crawl', label: '网站采集', testid: 'tab-crawl' },
  { key: 'registry', label: '单位名录', testid: 'tab-registry' },
  { key: 'files', label: '数据文件', testid: 'tab-files' },
];

export async function render(ctx) {
  const { root } = ctx;
  // 录入指标数据 only where the scheme has ratio, check or manual indicators (issue 16).
  const scheme = await api.scheme().catch(() => ({}));
  const shown = TABS.filter((t) => !t.facts || scheme.indicator_facts);
  const tab = shown.some((t) => t.key === ctx.params[0]) ? ctx.params[0] : 'upload';
  root.append(tabs(shown, tab, (k) => ctx.go(ctx.href(['data', k], { period: ctx.rememberedPeriod.get() }))));
  const body = h('div', { class: 'tab-body' }, loading());
  root.append(body);

  if (tab === 'registry') {
    clear(body);
    await renderRegistry(ctx, body);
    return;
  }

  const { periods, current } = await loadPeriods(ctx);
  clear(body);
  if (!current) { body.append(empty('还没有任何季度')); return; }
  let period = current;
  const content = h('div');
  const draw = () => {
    clearError();
    clear(content);
    if (tab === 'upload') renderUpload(ctx, content, period);
    else if (tab === 'finding') renderFindings(ctx, content, period);
    else if (tab === 'indicator') renderIndicatorFacts(ctx, content, period);
    else if (tab === 'crawl') renderCrawl(ctx, content, period);
    else renderFiles(ctx, content, period);
  };
  body.append(filterBar([periodWord(periods), periodSelect(periods, current, (id) => {
    period = periods.find((p) => p.id === id);
    ctx.rememberedPeriod.set(id);
    ctx.setQuery({ period: id });
    draw();
  })]), content);
  draw();
}

// ---------------------------------------------------------------- upload

const KINDS = ['网站发布', '投稿', '采用', '检查', '指标'];
const baseName = (path) => String(path || '').split('/').pop();

function renderUpload(ctx, root, period) {
  const fileInput = h('input', { type: 'file', accept: '.csv,.xlsx', testid: 'upload-input', class: 'file-input' });
  const chosen = h('span', { class: 'muted' }, '未选择文件');
  const pick = h('label', { class: 'btn btn-default file-button' }, fileInput, '选择文件');
  const previewBtn = button('重新检查', { onClick: () => preview(), disabled: true, testid: 'upload-check' });
  const saveBtn = button('保存', { type: 'primary', disabled: true, testid: 'upload-save', onClick: () => commit() });
  const result = h('div', { class: 'upload-result' });
  let file = null;
  let seq = 0;
  // The way the file is saved when the period already has a file of its
  // kind: the path it replaces, '' to add it beside, undefined: not asked yet.
  let choice;

  root.append(card(`上传${period.name}的数据文件`,
    h('p', { class: 'form-hint' }, '支持 .csv（UTF-8 或 GBK）和 .xlsx 文件；文件名须以“网站发布”“投稿”“采用”或“检查”开头，',
      '如“网站发布.csv”“投稿-8月.xlsx”。选择文件后先检查、预览，没有错误才能保存；同名文件会被替换，旧版本保留在历史中。',
      '本季度已有同类文件时，可以选择替换它或作为另一个文件添加。'),
    h('div', { class: 'upload-bar' }, pick, chosen, previewBtn, saveBtn)),
  result);

  fileInput.addEventListener('change', () => {
    file = fileInput.files[0] || null;
    choice = undefined;
    chosen.textContent = file ? `${file.name}（${fmtSize(file.size)}）` : '未选择文件';
    previewBtn.disabled = !file;
    saveBtn.disabled = true;
    if (file) preview();
    else clear(result);
  });

  function localCheck() {
    if (!/\.(csv|xlsx)$/i.test(file.name)) return '只能上传 .csv 或 .xlsx 文件（Excel 请另存为 .xlsx 或 CSV）';
    if (!KINDS.some((k) => file.name.startsWith(k))) {
      return `文件名须以“网站发布”“投稿”“采用”“检查”或“指标”开头，而“${file.name}”不是`;
    }
    return '';
  }

  // Sends the file with a progress bar, then "正在检查…" until the answer.
  function send(mode) {
    const progress = uploadProgress(mode === 'commit' ? '正在上传并保存' : '正在上传');
    clear(result).append(progress.el);
    return api.upload(`/periods/${api.seg(period.id)}/uploads`, file, { mode, replace: choice || undefined }, {
      onProgress: progress.set, onSent: () => progress.checking(mode === 'commit' ? '正在检查并保存…' : '正在检查…'),
    });
  }

  async function preview() {
    if (!file) return;
    const mine = ++seq;
    clearError();
    saveBtn.disabled = true;
    const bad = localCheck();
    if (bad) { clear(result); setError(bad); return; }
    try {
      const r = await send('preview');
      if (mine !== seq || !ctx.alive()) return;
      // A file of this kind is there already: replacing it is the default.
      if (choice === undefined && (r.replaceable || []).length) {
        choice = r.replaceable[0];
        preview();
        return;
      }
      if (choice === undefined) choice = '';
      showPreview(r);
    } catch (err) {
      if (mine !== seq) return;
      clear(result);
      ctx.fail(err, '检查失败');
    }
  }

  // 替换 投稿.csv / 作为另一个文件添加, when the period has a file of the kind.
  function replaceChoice(r) {
    const options = [...(r.replaceable || []).map((path) => ({ value: path, label: `替换 ${baseName(path)}（旧版本保留在历史中）` })),
      { value: '', label: `作为另一个文件添加（保存为 ${r.name || file.name}）` }];
    return h('fieldset', { class: 'replace-choice', testid: 'upload-replace-choice' },
      h('legend', {}, `${period.name}已有${r.kind}文件，这个文件要：`),
      options.map((o) => h('label', { class: 'radio' },
        h('input', { type: 'radio', name: 'upload-replace', value: o.value, checked: o.value === choice,
          testid: o.value ? 'upload-replace' : 'upload-add',
          onchange: () => { choice = o.value; preview(); } }),
        ' ', o.label)));
  }

  function showPreview(r) {
    const problems = r.problems || [];
    // Counts of all problems: at most 500 are listed (problems_note says how many are not).
    const errors = Number.isInteger(r.error_count) ? r.error_count : problems.filter((p) => p.severity !== 'warning').length;
    const warnings = (Number.isInteger(r.problems_total) ? r.problems_total : problems.length) - errors;
    saveBtn.disabled = errors > 0;
    const rows = (r.rows || []).map((cells, i) => ({ cells, line: (r.row_lines || [])[i], index: i }));
    const marks = new Map((r.marks || []).map((m) => [`${m.row}:${m.column ?? ''}`, m]));
    const mark = (row, column, content) => {
      const m = marks.get(`${row.index}:${column ?? ''}`);
      if (!m) return content;
      const listed = m.problems.map((i) => problems[i]).filter(Boolean);
      const level = listed.some((p) => p.severity !== 'warning') ? 'is-error' : 'is-warning';
      const text = listed.map((p) => problemText(p, r.file)).join('；');
      // A button: it takes the focus (the description is read out) and shows the problem in the list.
      return h('button', { type: 'button', class: ['cell-mark', level], title: text, 'aria-description': text,
        testid: 'cell-mark', dataset: { line: String(m.line), column: String(m.column ?? '') },
        onclick: () => document.getElementById(`upload-problem-${m.problems[0]}`)?.scrollIntoView({ block: 'nearest' }) },
      content === '' ? ' ' : content);
    };
    const columns = [{ key: 'line', title: '行号', align: 'right', cls: 'col-line', render: (row) => mark(row, null, String(row.line ?? '')) },
      ...(r.columns || []).map((c, i) => ({ key: String(i), title: c, render: (row) => mark(row, i, row.cells[i] ?? '') }))];
    const where = r.replaced
      ? h('span', { class: 'tag tag-warning', testid: 'upload-target' }, `将替换 ${baseName(r.replaced)}`)
      : r.replaces ? h('span', { class: 'tag tag-warning', testid: 'upload-target' }, '将替换已有的同名文件')
        : h('span', { class: 'tag tag-success', testid: 'upload-target' }, '新文件');
    const info = h('div', { class: 'preview-info' },
      h('span', {}, '保存为：', h('strong', {}, r.file || file.name)),
      r.kind ? h('span', { class: 'tag tag-info' }, r.kind) : null, where,
      r.unchanged ? h('span', { class: 'tag' }, '内容与现有文件相同') : null,
      h('span', { class: 'muted' }, `共 ${r.row_count ?? rows.length} 行数据${rows.length < (r.row_count ?? 0) ? `，下表显示前 ${rows.length} 行` : ''}`
        + (r.columns_cut ? `，只显示前 ${columns.length - 1} 列` : '') + '；行号是文件中的行号，标色的格子有问题（鼠标移上去可看说明）'));
    const summary = errors
      ? h('div', { class: 'alert alert-error' }, `发现 ${errors} 个错误${warnings ? `、${warnings} 个警告` : ''}，请修改文件后重新选择；有错误时不能保存。`)
      : h('div', { class: 'alert alert-success' }, warnings ? `没有错误，有 ${warnings} 个警告，可以保存。` : '检查通过，没有发现问题，可以保存。');
    clear(result).append(
      (r.replaceable || []).length ? card('保存方式', replaceChoice(r)) : null,
      card('检查结果', summary, h('div', { testid: 'upload-problems', class: 'upload-problems', dataset: { errors: String(errors) } },
        problems.length ? problemList(problems, undefined, r.problems_note || '', { here: r.file, idPrefix: 'upload-problem-' })
          : h('p', { class: 'muted' }, '未发现问题'))),
      card('数据预览', h('div', { testid: 'upload-preview' }, info,
        columns.length > 1 ? dataTable({ columns, rows, testid: 'upload-preview-table', maxHeight: '420px' }).el : empty('没有可预览的数据'))));
  }

  async function commit() {
    if (!file) return;
    saveBtn.disabled = true;
    clearError();
    try {
      const r = await send('commit');
      if (!ctx.alive()) return;
      const links = [' ', h('a', { href: ctx.href(['data', 'files'], { period: period.id }) }, '查看数据文件'), ' · ',
        h('a', { href: ctx.href(['ranking'], { period: period.id }) }, '查看总览')];
      if (r.unchanged) {
        toast(r.message || '内容与现有文件相同，未做修改', 'info');
        clear(result).append(h('div', { class: 'alert alert-info', testid: 'upload-unchanged' },
          `${r.file}：${r.message || '内容与现有文件相同，未做修改'}。`, ...links));
      } else {
        toast(`已保存 ${r.file || file.name}`);
        clear(result).append(h('div', { class: 'alert alert-success', testid: 'upload-success' },
          `已保存 ${r.file || file.name}${r.row_count !== undefined ? `（${r.row_count} 行）` : ''}。`,
          r.replaced ? `上传的“${r.name}”替换了原文件，原文件的旧版本保留在历史中。` : r.replaces ? '原文件的旧版本保留在历史中。' : '',
          ...links));
      }
      file = null;
      choice = undefined;
      fileInput.value = '';
      chosen.textContent = '未选择文件';
      previewBtn.disabled = true;
    } catch (err) {
      clear(result);
      if (err.status === 422) {
        setError(`数据有误，未保存（共${err.problemsTotal}个问题）：`, err.problems, err.problemsNote);
        saveBtn.disabled = true;
      } else {
        saveBtn.disabled = false;
        ctx.fail(err, '保存失败');
      }
    }
  }
}

// ---------------------------------------------------------------- files

// Asks before deleting a current data file, naming it and what it holds.
function confirmDelete(ctx, period, f, done) {
  dialog({
    title: '删除数据文件',
    testid: 'delete-file-dialog',
    okText: '删除',
    body: h('div', {},
      h('p', {}, `确定删除 ${f.path} 吗？`),
      h('p', {}, `它是${f.kind || ''}文件，有 ${f.rows ?? 0} 行数据；删除后这些数据不再计入${period.name}的考核。`),
      h('p', { class: 'muted' }, '文件的各个版本仍保留在文件历史中，删除记入操作日志。')),
    onOk: async () => {
      try {
        const r = await api.del(`/periods/${api.seg(period.id)}/files/${api.seg(baseName(f.path))}`);
        toast(r.message || `已删除 ${f.path}`);
        done();
      } catch (err) {
        ctx.fail(err, '删除失败');
      }
    },
  });
}

async function renderFiles(ctx, root, period) {
  root.append(loading());
  let data;
  try {
    data = await api.get(`/periods/${api.seg(period.id)}/files`);
  } catch (err) {
    clear(root);
    ctx.fail(err);
    return;
  }
  if (!ctx.alive()) return;
  const redraw = () => { clear(root); renderFiles(ctx, root, period); };
  const rows = [];
  for (const f of data.files || []) {
    (f.versions || []).forEach((v, i) => rows.push({ ...v, path: f.path, latest: i === 0, file: f }));
  }
  const state = (r) => {
    if (r.deleted) return h('span', { class: 'tag tag-danger' }, '已删除');
    return r.latest ? h('span', { class: 'tag tag-success' }, '当前') : h('span', { class: 'tag' }, '历史');
  };
  const table = dataTable({
    testid: 'files-table', emptyText: `${period.name}还没有数据文件`,
    rowAttrs: (r) => ({ class: r.latest ? 'is-latest' : 'is-old' }),
    columns: [
      { key: 'path', title: '文件', sortable: true, render: (r) => (r.latest && !r.deleted ? h('strong', {}, r.path) : h('span', { class: 'muted' }, r.path)) },
      { key: 'id', title: '版本号', sortable: true, align: 'right', render: (r) => String(r.id) },
      { key: 'latest', title: '状态', render: state },
      { key: 'size', title: '大小', sortable: true, align: 'right', render: (r) => (r.deleted ? '' : fmtSize(r.size)) },
      { key: 'sha256', title: 'SHA-256', render: (r) => h('code', { title: r.sha256 }, String(r.sha256 || '').slice(0, 12)) },
      { key: 'saved_by', title: '保存人', sortable: true },
      { key: 'saved_at', title: '保存时间（北京时间）', sortable: true, render: (r) => fmtTime(r.saved_at) },
      { key: 'actions', title: '操作', render: (r) => (r.latest && !r.deleted && r.file.kind
        ? button('删除', { size: 'small', testid: 'delete-file', title: `删除 ${r.path}`, onClick: () => confirmDelete(ctx, period, r.file, redraw) })
        : '') },
    ],
    rows,
  });
  const current = (data.files || []).filter((f) => !f.deleted).length;
  clear(root).append(h('div', { class: 'table-meta' },
    `${period.name}共 ${current} 个数据文件、${rows.length} 个版本（新的在前）。删除的文件仍列出，它的版本保留在历史中。`), table.el);
}
