// 数据录入 (admin): upload with preview and commit, findings, registry, files.
// Sub-routes: #/data/upload, #/data/finding, #/data/registry, #/data/files

import * as api from '../api.js';
import { h, clear, dataTable, tabs, loading, empty, button, setError, clearError, toast, problemList,
  fmtTime, fmtSize, card } from '../ui.js';
import { loadPeriods, periodSelect, filterBar } from './common.js';
import { renderFindings } from './findings.js';
import { renderRegistry } from './registry.js';

const TABS = [
  { key: 'upload', label: '上传数据', testid: 'tab-upload' },
  { key: 'finding', label: '录入检查问题', testid: 'tab-finding' },
  { key: 'registry', label: '单位名录', testid: 'tab-registry' },
  { key: 'files', label: '数据文件', testid: 'tab-files' },
];

export async function render(ctx) {
  const { root } = ctx;
  const tab = TABS.some((t) => t.key === ctx.params[0]) ? ctx.params[0] : 'upload';
  root.append(tabs(TABS, tab, (k) => ctx.go(ctx.href(['data', k], { period: ctx.rememberedPeriod.get() }))));
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
    else renderFiles(ctx, content, period);
  };
  body.append(filterBar(['季度', periodSelect(periods, current, (id) => {
    period = periods.find((p) => p.id === id);
    ctx.rememberedPeriod.set(id);
    ctx.setQuery({ period: id });
    draw();
  })]), content);
  draw();
}

// ---------------------------------------------------------------- upload

const KINDS = ['网站发布', '投稿', '采用', '检查'];

function renderUpload(ctx, root, period) {
  const fileInput = h('input', { type: 'file', accept: '.csv,.xlsx', testid: 'upload-input', class: 'file-input' });
  const chosen = h('span', { class: 'muted' }, '未选择文件');
  const pick = h('label', { class: 'btn btn-default file-button' }, fileInput, '选择文件');
  const previewBtn = button('重新检查', { onClick: () => preview(), disabled: true, testid: 'upload-check' });
  const saveBtn = button('保存', { type: 'primary', disabled: true, testid: 'upload-save', onClick: () => commit() });
  const result = h('div', { class: 'upload-result' });
  let file = null;
  let seq = 0;

  root.append(card(`上传${period.name}的数据文件`,
    h('p', { class: 'form-hint' }, '支持 .csv（UTF-8 或 GBK）和 .xlsx 文件；文件名须以“网站发布”“投稿”“采用”或“检查”开头，',
      '如“网站发布.csv”“投稿-8月.xlsx”。选择文件后先检查、预览，没有错误才能保存；同名文件会被替换，旧版本保留在历史中。'),
    h('div', { class: 'upload-bar' }, pick, chosen, previewBtn, saveBtn)),
  result);

  fileInput.addEventListener('change', () => {
    file = fileInput.files[0] || null;
    chosen.textContent = file ? `${file.name}（${fmtSize(file.size)}）` : '未选择文件';
    previewBtn.disabled = !file;
    saveBtn.disabled = true;
    if (file) preview();
    else clear(result);
  });

  function localCheck() {
    if (!/\.(csv|xlsx)$/i.test(file.name)) return '只能上传 .csv 或 .xlsx 文件（Excel 请另存为 .xlsx 或 CSV）';
    if (!KINDS.some((k) => file.name.startsWith(k))) {
      return `文件名须以“网站发布”“投稿”“采用”或“检查”开头，而“${file.name}”不是`;
    }
    return '';
  }

  async function preview() {
    if (!file) return;
    const mine = ++seq;
    clearError();
    saveBtn.disabled = true;
    const bad = localCheck();
    if (bad) { clear(result); setError(bad); return; }
    clear(result).append(loading('正在检查文件…'));
    try {
      const r = await api.upload(`/periods/${api.seg(period.id)}/uploads`, file, { mode: 'preview' });
      if (mine !== seq || !ctx.alive()) return;
      showPreview(r);
    } catch (err) {
      if (mine !== seq) return;
      clear(result);
      ctx.fail(err, '检查失败');
    }
  }

  function showPreview(r) {
    const problems = r.problems || [];
    // Counts of all problems: at most 500 are listed (problems_note says how many are not).
    const errors = Number.isInteger(r.error_count) ? r.error_count : problems.filter((p) => p.severity !== 'warning').length;
    const warnings = (Number.isInteger(r.problems_total) ? r.problems_total : problems.length) - errors;
    saveBtn.disabled = errors > 0;
    const columns = (r.columns || []).map((c, i) => ({ key: String(i), title: c, render: (row) => row[i] ?? '' }));
    const rows = r.rows || [];
    const info = h('div', { class: 'preview-info' },
      h('span', {}, '文件：', h('strong', {}, r.file || file.name)),
      r.kind ? h('span', { class: 'tag tag-info' }, r.kind) : null,
      r.replaces ? h('span', { class: 'tag tag-warning' }, '将替换已有的同名文件') : h('span', { class: 'tag tag-success' }, '新文件'),
      h('span', { class: 'muted' }, `共 ${r.row_count ?? rows.length} 行数据${rows.length < (r.row_count ?? 0) ? `，下表显示前 ${rows.length} 行` : ''}`
        + (r.columns_cut ? `，只显示前 ${columns.length} 列` : '')));
    const summary = errors
      ? h('div', { class: 'alert alert-error' }, `发现 ${errors} 个错误${warnings ? `、${warnings} 个警告` : ''}，请修改文件后重新选择；有错误时不能保存。`)
      : h('div', { class: 'alert alert-success' }, warnings ? `没有错误，有 ${warnings} 个警告，可以保存。` : '检查通过，没有发现问题，可以保存。');
    clear(result).append(
      card('检查结果', summary, h('div', { testid: 'upload-problems', class: 'upload-problems', dataset: { errors: String(errors) } },
        problems.length ? problemList(problems, undefined, r.problems_note || '') : h('p', { class: 'muted' }, '未发现问题'))),
      card('数据预览', h('div', { testid: 'upload-preview' }, info,
        columns.length ? dataTable({ columns, rows, testid: 'upload-preview-table', maxHeight: '420px' }).el : empty('没有可预览的数据'))));
  }

  async function commit() {
    if (!file) return;
    saveBtn.disabled = true;
    clearError();
    try {
      const r = await api.upload(`/periods/${api.seg(period.id)}/uploads`, file, { mode: 'commit' });
      if (!ctx.alive()) return;
      toast(`已保存 ${r.file || file.name}`);
      clear(result).append(h('div', { class: 'alert alert-success', testid: 'upload-success' },
        `已保存 ${r.file || file.name}${r.row_count !== undefined ? `（${r.row_count} 行）` : ''}。`,
        r.replaces ? '原文件的旧版本保留在历史中。' : '',
        ' ', h('a', { href: ctx.href(['data', 'files'], { period: period.id }) }, '查看数据文件'), ' · ',
        h('a', { href: ctx.href(['ranking'], { period: period.id }) }, '查看总览')));
      file = null;
      fileInput.value = '';
      chosen.textContent = '未选择文件';
      previewBtn.disabled = true;
    } catch (err) {
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
  const rows = [];
  for (const f of data.files || []) {
    (f.versions || []).forEach((v, i) => rows.push({ ...v, path: f.path, latest: i === 0, count: f.versions.length }));
  }
  const table = dataTable({
    testid: 'files-table', emptyText: `${period.name}还没有数据文件`,
    rowAttrs: (r) => ({ class: r.latest ? 'is-latest' : 'is-old' }),
    columns: [
      { key: 'path', title: '文件', sortable: true, render: (r) => (r.latest ? h('strong', {}, r.path) : h('span', { class: 'muted' }, r.path)) },
      { key: 'id', title: '版本号', sortable: true, align: 'right', render: (r) => String(r.id) },
      { key: 'latest', title: '状态', render: (r) => (r.latest ? h('span', { class: 'tag tag-success' }, '当前') : h('span', { class: 'tag' }, '历史')) },
      { key: 'size', title: '大小', sortable: true, align: 'right', render: (r) => fmtSize(r.size) },
      { key: 'sha256', title: 'SHA-256', render: (r) => h('code', { title: r.sha256 }, String(r.sha256 || '').slice(0, 12)) },
      { key: 'saved_by', title: '保存人', sortable: true },
      { key: 'saved_at', title: '保存时间（北京时间）', sortable: true, render: (r) => fmtTime(r.saved_at) },
    ],
    rows,
  });
  clear(root).append(h('div', { class: 'table-meta' },
    `${period.name}共 ${(data.files || []).length} 个数据文件、${rows.length} 个版本（新的在前）。`), table.el);
}

