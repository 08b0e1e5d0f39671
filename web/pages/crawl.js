// 数据录入 → 网站采集 (admin, issue 17): the period's publications counted from the
// website by the site file (站点.toml): start a crawl (POST /periods/{id}/crawl) and
// follow it (GET …/crawl, polled while it runs), the last run's columns, the proposals
// to confirm or dismiss (POST …/crawl/proposals/{id}), and each unit's items with links
// (GET …/crawl/items).

import * as api from '../api.js';
import { h, clear, button, card, dataTable, descriptions, fmtTime, input, field, toast, empty, select } from '../ui.js';
import { confirmPost } from './common.js';

const link = (url, text) => h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, text || url);
const DECISIONS = { '': '待处理', confirmed: '已确认', dismissed: '不采纳' };

function evidence(p) {
  const d = p.detail || {};
  if (p.kind === 'stale') {
    const newest = d.newest ? [link(d.newest.url, d.newest.title), `（${d.newest.date}，${d.days} 天未更新）`] : ['栏目中没有任何信息'];
    return h('span', {}, `“${d.kind}”栏目 `, link(d.url, '打开栏目'), '：最新一条 ', ...newest, `；规定 ${d.limit} 天`);
  }
  const o = d.original || {};
  return h('span', {}, `${d.date} `, link(d.url, d.title), ` ← 本区${o.source || ''} ${o.date} `,
    o.url ? link(o.url, o.title) : o.title, `（标题相似度 ${d.similarity}%）`);
}

export async function renderCrawl(ctx, root, period) {
  const base = `/periods/${api.seg(period.id)}/crawl`;
  const jobBox = h('div', { testid: 'crawl-job' });
  const runBox = h('div', { testid: 'crawl-last-run' });
  const proposalBox = h('div', { testid: 'crawl-proposals' });
  const itemBox = h('div', { testid: 'crawl-items' });
  const start = button('开始抓取', { type: 'primary', testid: 'crawl-start', onClick: startCrawl });
  root.append(
    card(`从政府网站统计${period.name}的发布信息`,
      h('p', { class: 'form-hint' }, '按数据目录中的站点文件（站点.toml）逐个抓取各单位栏目的列表页，遵守网站的 robots.txt，每秒最多 2 个请求；本期考核期内的信息写入“网站发布-网站采集.csv”，与上传的网站发布记录一样计分。'),
      h('div', {}, start), jobBox),
    card('上次抓取', runBox),
    card('抓取建议：栏目长期未更新、上级采用', h('p', { class: 'form-hint' }, '确认后，栏目未更新记为本期的检查问题（检查-在线录入.csv），上级采用记入“采用-网站采集.csv”；不采纳须写明理由。都记入审计日志。'), proposalBox),
    card('各单位抓到的信息', itemBox));

  async function startCrawl() {
    start.disabled = true;
    try {
      await api.post(base, {});
      toast('已开始抓取');
    } catch (e) {
      ctx.fail(e, '未能开始抓取');
    }
    refresh();
  }

  async function refresh() {
    let state;
    try { state = await api.get(base); } catch (e) { ctx.fail(e); return; }
    if (!ctx.alive()) return;
    drawJob(state);
    drawRun(state.last_run);
    drawProposals(state.proposals || []);
    if (state.job.running) setTimeout(() => { if (ctx.alive()) refresh(); }, 1000);
    else drawItems();
  }

  function drawJob(state) {
    const j = state.job;
    const site = state.site || {};
    start.disabled = j.running || !site.exists;
    const parts = [];
    if (!site.exists) parts.push(h('div', { class: 'alert alert-warning' }, '数据目录中还没有站点文件“站点.toml”：请按说明（docs/crawl.md）写明各单位在门户网站上的栏目地址。'));
    else if (site.problems?.length) parts.push(h('div', { class: 'alert alert-error' }, `站点文件有 ${site.problems.length} 处错误，请先改正：${site.problems[0].message}`));
    else parts.push(h('p', { class: 'muted' }, `站点文件列出 ${site.columns} 个单位栏目${site.portals ? `、${site.portals} 个上级网站栏目` : ''}。`));
    if (j.running || (j.period === period.id && j.started_at)) {
      const pct = j.columns ? Math.round((100 * j.columns_done) / j.columns) : 0;
      parts.push(descriptions([
        ['状态', j.running ? `正在抓取（${j.user}，${fmtTime(j.started_at)} 开始）` : j.error ? '抓取失败' : '已完成'],
        ['进度', `栏目 ${j.columns_done}/${j.columns}（${pct}%），已读 ${j.pages} 页，${j.items} 条信息，${j.problems} 个问题`],
        ...(j.running ? [['正在读取', j.current ? link(j.current) : '—']] : []),
      ]));
      if (j.error) parts.push(h('div', { class: 'alert alert-error', testid: 'crawl-error' }, j.error,
        ...(j.error_problems || []).map((p) => h('div', {}, p.message))));
    }
    clear(jobBox).append(...parts);
  }

  function drawRun(run) {
    if (!run) { clear(runBox).append(empty(`${period.name}还没有抓取过`)); return; }
    const s = run.summary || {};
    const cols = [...(s.units?.columns || []), ...(s.portals?.columns || []).map((c) => ({ ...c, portal: true }))];
    clear(runBox).append(
      h('p', { class: 'table-meta' }, `${fmtTime(run.finished_at)}（${run.user}）：本期发布信息 ${s.rows} 条，写入 ${s.file}；重复 ${s.duplicates} 条只算一次，考核期以外 ${s.outside} 条未计入${s.carried ? `；未读完的栏目沿用上次抓取到的 ${s.carried} 条` : ''}。`),
      dataTable({
        testid: 'crawl-columns', rows: cols, maxHeight: '420px',
        columns: [
          { key: 'unit', title: '单位', sortable: true, render: (c) => (c.portal ? `上级网站（${c.kind}）` : c.unit) },
          { key: 'kind', title: '栏目', sortable: true, render: (c) => link(c.url, c.portal ? '打开' : c.kind) },
          { key: 'pages', title: '页数', align: 'right', sortable: true },
          { key: 'items', title: '信息', align: 'right', sortable: true },
          { key: 'newest', title: '最新一条', sortable: true },
          { key: 'complete', title: '情况', cls: 'cell-wrap', render: (c) => (c.problems?.length
            ? h('span', { class: c.complete ? 'muted' : 'text-danger' }, c.problems.join('；'))
            : c.unchanged ? `完整（${c.unchanged} 页未变化）` : '完整') },
        ],
      }).el);
  }

  function drawProposals(rows) {
    clear(proposalBox).append(dataTable({
      testid: 'crawl-proposal-table', rows, emptyText: '没有建议',
      columns: [
        { key: 'kind', title: '类型', sortable: true, render: (p) => (p.kind === 'stale' ? '栏目未更新' : `${p.detail.level}采用`) },
        { key: 'unit', title: '单位', sortable: true },
        { key: 'detail', title: '依据', render: evidence, cls: 'cell-wrap' },
        { key: 'decision', title: '状态', cls: 'cell-wrap', render: (p) => DECISIONS[p.decision] + (p.reason ? `：${p.reason}` : '') },
        { key: 'op', title: '操作', render: (p) => (p.decision ? '' : h('span', { class: 'picker' },
          button('确认', { type: 'primary', size: 'small', testid: `confirm-proposal-${p.id}`, onClick: () => decide(p, 'confirm') }),
          button('不采纳', { size: 'small', testid: `dismiss-proposal-${p.id}`, onClick: () => decide(p, 'dismiss') }))) },
      ],
    }).el);
  }

  function decide(p, decision) {
    const what = p.kind === 'stale' ? `${p.unit}“${p.detail.kind}”栏目未更新` : `${p.unit}被${p.detail.level}采用：${p.detail.title}`;
    const reason = input({ testid: 'proposal-reason', class: 'input input-wide', placeholder: decision === 'dismiss' ? '必填，如：栏目已撤销' : '可选' });
    confirmPost({
      title: decision === 'confirm' ? '确认抓取建议' : '不采纳抓取建议', testid: 'proposal-dialog',
      text: decision === 'confirm' ? `确认并记入本期数据：${what}？` : `不采纳：${what}？`,
      okText: decision === 'confirm' ? '确认' : '不采纳', url: `${base}/proposals/${p.id}`,
      extra: field('理由', reason, { required: decision === 'dismiss' }),
      body: () => ({ decision, reason: reason.value.trim() }),
      done: decision === 'confirm' ? `已确认：${what}` : `已记为不采纳：${what}`, onDone: refresh,
    });
  }

  async function drawItems() {
    let data;
    try { data = await api.get(`${base}/items`); } catch (e) { ctx.fail(e); return; }
    if (!ctx.alive()) return;
    const items = data.items || [];
    if (!items.length) { clear(itemBox).append(empty('还没有抓到的信息')); return; }
    const units = [...new Set(items.map((i) => i.unit))];
    const counts = Object.fromEntries(units.map((u) => [u, items.filter((i) => i.unit === u).length]));
    const chooser = select({ testid: 'crawl-item-unit', options: units.map((u) => ({ value: u, label: `${u}（${counts[u]} 条）` })) });
    const table = h('div');
    const draw = () => clear(table).append(dataTable({
      testid: 'crawl-item-table', rows: items.filter((i) => i.unit === chooser.value), maxHeight: '480px',
      sort: { key: 'date', dir: 'desc' },
      columns: [
        { key: 'date', title: '发布日期', sortable: true },
        { key: 'title', title: '标题', cls: 'cell-wrap', render: (i) => link(i.url, i.title) },
        { key: 'kind', title: '栏目', sortable: true },
      ],
    }).el);
    chooser.addEventListener('change', draw);
    clear(itemBox).append(h('p', { class: 'table-meta' }, `共 ${items.length} 条，${units.length} 个单位（${data.file}）。`), chooser, table);
    draw();
  }

  refresh();
}
