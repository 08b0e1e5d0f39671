// 发布: download the bulletin files of a period.

import * as api from '../api.js';
import { h, clear, empty, loading, setError, clearError, toast, card, button } from '../ui.js';
import { loadPeriods, periodSelect, filterBar, readinessCard, newPeriodDialog, periodWord } from './common.js';

const FILES = [
  { file: '通报.docx', title: 'Word 通报', desc: '按 GB/T 9704《党政机关公文格式》排版，含正文和四个附件，可直接印发。' },
  { file: '通报.pdf', title: 'PDF 通报', desc: '由 通报.docx 转换。需要服务器上安装 LibreOffice；没有安装时无法生成，请下载 Word 版自行转换。' },
  { file: '通报.xlsx', title: 'Excel 工作簿', desc: '四个附件各一个工作表，表头已冻结，可直接打印。' },
  { file: '通报.html', title: '网页版', desc: '单个网页文件，可发布到政府网站，手机可读。' },
  { file: '考核结果.json', title: '考核结果数据', desc: '每个单位的得分、名次及每一项加减分和原因，供其他系统读取。' },
];

export async function render(ctx) {
  const { root } = ctx;
  root.append(loading());
  const { periods, current } = await loadPeriods(ctx);
  clear(root);
  const admin = ctx.user?.role === 'admin';
  const created = (r) => { ctx.rememberedPeriod.set(r.id); ctx.go(ctx.href(['publish'], { period: r.id })); };
  const newButton = admin ? button('新建季度', { testid: 'new-period', onClick: () => newPeriodDialog(periods, created) }) : null;
  if (!current) { root.append(filterBar(newButton || ''), empty('还没有任何季度的数据')); return; }
  let period = current;
  const list = h('div', { class: 'download-list' });
  const status = h('div', { testid: 'readiness-host' });
  root.append(filterBar([periodWord(periods), periodSelect(periods, current, (id) => {
    period = periods.find((p) => p.id === id);
    ctx.rememberedPeriod.set(id);
    ctx.setQuery({ period: id });
    draw();
  })], newButton || ''), status, card('下载通报', h('p', { class: 'form-hint' },
    '文件按服务器上的当前数据即时生成；数据有错误或通报模板不全的季度无法生成（原因见上方“状态”）。生成 PDF 需要服务器上安装 LibreOffice，',
    '没有安装时请下载 Word 版（通报.docx），用 WPS 或 Word 另存为 PDF。'), list));

  async function drawStatus() {
    clear(status).append(loading());
    try {
      const r = await readinessCard(ctx, period, { admin, onChange: drawStatus });
      if (ctx.alive()) clear(status).append(r.el);
    } catch (e) {
      clear(status);
      ctx.fail(e);
    }
  }

  function draw() {
    clear(list);
    clearError();
    drawStatus();
    for (const f of FILES) {
      const url = `/api/v1/periods/${api.seg(period.id)}/bulletin/${api.seg(f.file)}`;
      const link = h('a', { class: 'btn btn-primary', href: url, download: f.file, testid: `download-${f.file}` }, '下载');
      link.addEventListener('click', (e) => {
        e.preventDefault();
        fetchFile(link, url, f.file);
      });
      list.append(h('div', { class: 'download-item' },
        h('div', { class: 'download-icon', 'aria-hidden': 'true' }, f.file.split('.').pop().toUpperCase()),
        h('div', { class: 'download-text' },
          h('div', { class: 'download-name' }, `${period.name}${f.title}`, h('span', { class: 'muted small' }, ` · ${f.file}`)),
          h('div', { class: 'form-hint' }, f.desc)),
        link));
    }
  }

  async function fetchFile(link, url, name) {
    if (link.classList.contains('is-loading')) return;
    clearError();
    link.classList.add('is-loading');
    link.textContent = '生成中…';
    try {
      const blob = await api.download(url.slice('/api/v1'.length));
      const objectUrl = URL.createObjectURL(blob);
      const a = h('a', { href: objectUrl, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(objectUrl), 60000);
      toast(`已下载 ${name}`);
    } catch (err) {
      if (err.status === 503 && name.endsWith('.pdf')) {
        setError(`无法生成 PDF（服务器需要安装 LibreOffice）：${err.message}`);
      } else if (err.status === 422 && Array.isArray(err.body.reasons)) {
        setError(err.message);
        drawStatus();
      } else if (err.status === 422) {
        setError(`${period.name}的数据有误，无法生成通报（共${err.problemsTotal}个问题）：`, err.problems, err.problemsNote);
      } else ctx.fail(err, `下载 ${name} 失败`);
    } finally {
      link.classList.remove('is-loading');
      link.textContent = '下载';
    }
  }

  draw();
}
