// 审计日志 (admin): GET /audit?before=&limit=, export /audit.csv.

import * as api from '../api.js';
import { h, clear, dataTable, select, button, loading, fmtTime } from '../ui.js';
import { filterBar } from './common.js';

export async function render(ctx) {
  const { root } = ctx;
  let limit = [50, 100, 200].includes(Number(ctx.query.get('limit'))) ? Number(ctx.query.get('limit')) : 100;
  const stack = []; // `before` values of the pages seen before the current one
  let before = null;
  let next = null;

  const table = dataTable({
    testid: 'audit-table', maxHeight: 'calc(100vh - 290px)', emptyText: '没有日志',
    rowAttrs: (e) => ({ dataset: { id: String(e.id) } }),
    columns: [
      { key: 'id', title: '编号', align: 'right', width: '72px', render: (e) => String(e.id) },
      { key: 'at', title: '时间（北京时间）', render: (e) => fmtTime(e.at), width: '170px' },
      { key: 'user', title: '用户' },
      { key: 'action', title: '操作', render: (e) => h('span', { class: ['tag', /失败/.test(e.action) ? 'tag-danger' : 'tag-info'] }, e.action) },
      { key: 'target', title: '对象', cls: 'cell-wrap' },
      { key: 'detail', title: '详情', cls: 'cell-wrap' },
    ],
  });
  const meta = h('span', { class: 'muted' });
  const first = button('最新', { testid: 'audit-first', onClick: () => { stack.length = 0; load(null); } });
  const prev = button('上一页', { testid: 'audit-prev', onClick: () => load(stack.pop() ?? null, true) });
  const nextBtn = button('下一页', { testid: 'audit-next', onClick: () => { stack.push(before); load(next); } });
  const limitEl = select({
    testid: 'audit-limit', value: String(limit),
    options: [50, 100, 200].map((n) => ({ value: String(n), label: `每页 ${n} 条` })),
    onChange: (v) => { limit = Number(v); ctx.setQuery({ limit: v }); stack.length = 0; load(null); },
  });
  limitEl.setAttribute('aria-label', '每页条数');
  const exportLink = h('a', { class: 'btn btn-default', href: '/api/v1/audit.csv', download: '审计日志.csv', testid: 'audit-export' }, '导出 CSV');

  root.append(filterBar(limitEl, exportLink, h('span', { class: 'filter-note muted' }, '审计日志只追加，不能修改或删除。')),
    table.el, h('div', { class: 'pager' }, meta, first, prev, nextBtn));

  async function load(b) {
    first.disabled = prev.disabled = nextBtn.disabled = true;
    clear(meta).append(loading());
    let data;
    try {
      data = await api.get('/audit', { before: b ?? undefined, limit });
    } catch (err) {
      clear(meta);
      ctx.fail(err);
      return;
    }
    if (!ctx.alive()) return;
    before = b;
    next = data.next_before ?? null;
    const entries = data.entries || [];
    table.setRows(entries);
    const page = stack.length + 1;
    clear(meta).append(entries.length
      ? `第 ${page} 页：编号 ${entries[entries.length - 1].id}—${entries[0].id}，共 ${entries.length} 条${next === null ? '（已到最早的记录）' : ''}`
      : '没有日志');
    first.disabled = page === 1;
    prev.disabled = page === 1;
    nextBtn.disabled = next === null;
  }

  await load(null);
}
