// 数据录入 → 录入检查问题 (admin): POST /periods/{id}/findings; the entered
// findings listed (GET /periods/{id}/findings/entered), each with 删除
// (POST /periods/{id}/findings/{line}/delete, confirmed).

import * as api from '../api.js';
import { deductionsTable } from './unit.js';
import { h, clear, select, input, button, field, setError, clearError, toast, card, descriptions, dataTable } from '../ui.js';
import { confirmPost } from './common.js';

export async function renderFindings(ctx, root, period) {
  const [scheme, registry] = await Promise.all([api.scheme(), api.get('/registry').catch((e) => { ctx.fail(e); return { units: [] }; })]);
  if (!ctx.alive()) return;
  const findings = scheme.findings || [];

  const list = h('datalist', { id: 'finding-unit-names' });
  const seen = new Set();
  for (const u of registry.units || []) {
    for (const n of [u.name, u.short_name, ...(u.aliases || [])]) {
      if (n && !seen.has(n)) { seen.add(n); list.append(h('option', { value: n })); }
    }
  }
  const unit = input({ list: 'finding-unit-names', testid: 'finding-unit', placeholder: '单位正式名称、简称或别名', class: 'input input-wide' });
  const code = select({
    testid: 'finding-code', placeholder: '请选择问题类型', cls: 'input-wide',
    options: findings.map((f) => ({ value: f.code, label: `${f.code}（每处减${f.points}分）` })),
  });
  const reason = h('div', { class: 'form-hint', testid: 'finding-reason' });
  const showReason = () => {
    const f = findings.find((x) => x.code === code.value);
    clear(reason).append(f ? `通报中写作：“${f.reason}”，每处减 ${f.points} 分` : '问题类型来自考核方案');
  };
  code.addEventListener('change', showReason);
  showReason();
  const quantity = input({ type: 'number', min: '1', step: '1', value: '1', testid: 'finding-quantity', class: 'input input-narrow' });
  const note = h('textarea', { class: 'input', rows: '2', testid: 'finding-note', placeholder: '可选：检查发现的具体情况，如栏目、链接' });
  const submit = button('提交', { type: 'primary', testid: 'finding-submit', htmlType: 'submit' });
  const result = h('div');

  const form = h('form', { class: 'form', novalidate: true },
    field('单位', [unit, list], { required: true }),
    field('问题类型', [code, reason], { required: true }),
    field('数量', quantity, { required: true, hint: '同一问题出现的处数，减分 = 每处分值 × 数量' }),
    field('说明', note),
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError();
    const q = Number(quantity.value);
    if (!unit.value.trim()) { setError('请填写单位'); unit.focus(); return; }
    if (!code.value) { setError('请选择问题类型'); code.focus(); return; }
    if (!Number.isInteger(q) || q < 1) { setError('数量应为正整数'); quantity.focus(); return; }
    submit.disabled = true;
    try {
      const r = await api.post(`/periods/${api.seg(period.id)}/findings`,
        { unit: unit.value.trim(), code: code.value, quantity: q, note: note.value.trim() });
      if (!ctx.alive()) return;
      toast(`已录入：${r.unit?.name || unit.value}，${code.value} × ${q}`);
      showUnit(r.unit);
      drawEntered();
      note.value = '';
      quantity.value = '1';
    } catch (err) {
      ctx.fail(err, '录入失败');
    } finally {
      submit.disabled = false;
    }
  });

  function showUnit(u) {
    if (!u) return;
    const table = deductionsTable(u.deductions || []);
    clear(result).append(card(`录入后 ${u.name} 的减分情况（${period.name}）`,
      descriptions([['减分合计', u.deduction], ['合计得分', u.total], ['通报附件4', u.deduction_text || '无']]),
      table.el,
      h('p', {}, h('a', { href: ctx.href(['unit', u.name], { period: period.id }) }, '查看单位详情'))));
  }

  const entered = h('div', { testid: 'entered-findings' });
  root.append(card(`录入${period.name}的检查问题`,
    h('p', { class: 'form-hint' }, '录入的问题写入该季度的“检查-在线录入.csv”，并记入审计日志。'), form), result,
  card(`${period.name}已录入的检查问题`, h('p', { class: 'form-hint' }, '录错的问题可以删除：文件改写，旧版本保留在文件历史中，删除记入审计日志。'), entered));

  async function drawEntered() {
    let rows = [];
    try {
      rows = (await api.get(`/periods/${api.seg(period.id)}/findings/entered`)).findings || [];
    } catch (e) { ctx.fail(e); return; }
    if (!ctx.alive()) return;
    clear(entered).append(dataTable({
      testid: 'entered-findings-table', rows, emptyText: '本季度还没有在网页上录入检查问题',
      columns: [
        { key: 'line', title: '行', align: 'right' },
        { key: 'unit', title: '单位' },
        { key: 'code', title: '问题类型' },
        { key: 'quantity', title: '数量', align: 'right' },
        { key: 'note', title: '说明' },
        { key: 'op', title: '操作', render: (r) => button('删除', { type: 'danger', size: 'small', testid: `delete-finding-${r.line}`, onClick: () => confirmDelete(r) }) },
      ],
    }).el);
  }

  function confirmDelete(r) {
    confirmPost({
      title: '删除检查问题', testid: 'delete-finding-dialog',
      text: `删除第${r.line}行：${r.unit} ${r.code} × ${r.quantity}${r.note ? '：' + r.note : ''}？`,
      url: `/periods/${api.seg(period.id)}/findings/${r.line}/delete`,
      done: `已删除：${r.unit} ${r.code} × ${r.quantity}`,
      onDone: () => { clear(result); drawEntered(); },
    });
  }

  drawEntered();
}
