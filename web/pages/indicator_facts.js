// 数据录入 → 录入指标数据 (admin, issue 16): the facts of the scheme's ratio, check and
// manual indicators, as a row of 指标.csv (POST /periods/{id}/indicator-facts); the rows
// entered listed (GET …/indicator-facts), each with 删除 (POST …/indicator-facts/{line}/delete).

import * as api from '../api.js';
import { h, clear, select, input, button, field, setError, clearError, toast, card, dataTable } from '../ui.js';
import { confirmPost } from './common.js';

const FORMS = {
  ratio: '按比例：填分子（如按时答复件数）和分母（应答复件数）',
  check: '是否：填“是”或“否”',
  manual: '人工评分：填得分',
};

// "11/12", "是", "9分": what a row states.
const stated = (r) => (r.numerator || r.denominator ? `${r.numerator}/${r.denominator}` : r.result || `${r.points}分`);

export async function renderIndicatorFacts(ctx, root, period) {
  const base = `/periods/${api.seg(period.id)}/indicator-facts`;
  const [first, registry] = await Promise.all([api.get(base), api.get('/registry').catch(() => ({ units: [] }))]);
  if (!ctx.alive()) return;
  const indicators = first.indicators || [];

  const names = h('datalist', { id: 'fact-unit-names' });
  for (const u of registry.units || []) for (const n of new Set([u.name, u.short_name].filter(Boolean))) names.append(h('option', { value: n }));
  const unit = input({ list: 'fact-unit-names', testid: 'fact-unit', placeholder: '单位正式名称或简称', class: 'input input-wide' });
  const indicator = select({
    testid: 'fact-indicator', placeholder: '请选择指标', cls: 'input-wide',
    options: indicators.map((i) => ({ value: i.code, label: i.full_marks ? `${i.name}（${i.full_marks}分）` : i.name })),
  });
  const item = input({ testid: 'fact-item', placeholder: '可选：事项，如“依申请公开答复”', class: 'input input-wide' });
  const numerator = input({ type: 'number', min: '0', step: '1', testid: 'fact-numerator', class: 'input input-narrow', 'aria-label': '分子' });
  const denominator = input({ type: 'number', min: '0', step: '1', testid: 'fact-denominator', class: 'input input-narrow', 'aria-label': '分母' });
  const result = select({ testid: 'fact-result', options: [{ value: '是', label: '是' }, { value: '否', label: '否' }] });
  result.setAttribute('aria-label', '结果');
  const points = input({ type: 'number', min: '0', step: '0.01', testid: 'fact-points', class: 'input input-narrow', 'aria-label': '得分' });
  const hint = h('div', { class: 'form-hint', testid: 'fact-form-hint' });
  const valueRow = h('span', { class: 'picker' });
  const formOf = () => indicators.find((i) => i.code === indicator.value)?.form;
  const showValue = () => {
    const form = formOf();
    clear(valueRow).append(...(form === 'ratio' ? [numerator, '/', denominator] : form === 'check' ? [result] : form === 'manual' ? [points] : []));
    clear(hint).append(FORMS[form] || '先选择指标');
  };
  indicator.addEventListener('change', showValue);
  showValue();

  const submit = button('提交', { type: 'primary', testid: 'fact-submit', htmlType: 'submit' });
  const form = h('form', { class: 'form', novalidate: true },
    field('单位', [unit, names], { required: true }), field('指标', indicator, { required: true }),
    field('事项', item), field('数值', [valueRow, hint], { required: true }),
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError();
    if (!unit.value.trim()) { setError('请填写单位'); unit.focus(); return; }
    if (!formOf()) { setError('请选择指标'); indicator.focus(); return; }
    const body = { unit: unit.value.trim(), indicator: indicator.value, item: item.value.trim() };
    if (formOf() === 'ratio') Object.assign(body, { numerator: numerator.value, denominator: denominator.value });
    else if (formOf() === 'check') body.result = result.value;
    else body.points = points.value;
    submit.disabled = true;
    try {
      await api.post(base, body);
      if (!ctx.alive()) return;
      api.clearCache();
      toast(`已录入：${body.unit}，${indicator.value} ${stated(body)}`);
      item.value = ''; numerator.value = ''; denominator.value = ''; points.value = '';
      drawEntered();
    } catch (err) {
      ctx.fail(err, '录入失败');
    } finally {
      submit.disabled = false;
    }
  });

  const entered = h('div', { testid: 'entered-facts' });
  root.append(card(`录入${period.name}的指标数据`,
    h('p', { class: 'form-hint' }, '按比例、是否和人工评分的指标在这里逐条录入，与上传的“指标.csv”一样计分；写入该期的“指标-在线录入.csv”，并记入审计日志。'), form),
  card(`${period.name}已录入的指标数据`, h('p', { class: 'form-hint' }, '录错的可以删除：文件改写，旧版本保留在文件历史中，删除记入审计日志。'), entered));

  async function drawEntered() {
    let rows = [];
    try { rows = (await api.get(base)).facts || []; } catch (e) { ctx.fail(e); return; }
    if (!ctx.alive()) return;
    clear(entered).append(dataTable({
      testid: 'entered-facts-table', rows, emptyText: '还没有在网页上录入指标数据',
      columns: [
        { key: 'line', title: '行', align: 'right' },
        { key: 'unit', title: '单位' },
        { key: 'indicator', title: '指标' },
        { key: 'item', title: '事项' },
        { key: 'value', title: '数值', align: 'right', render: stated },
        { key: 'op', title: '操作', render: (r) => button('删除', { type: 'danger', size: 'small', testid: `delete-fact-${r.line}`, onClick: () => confirmDelete(r) }) },
      ],
    }).el);
  }

  function confirmDelete(r) {
    confirmPost({
      title: '删除指标数据', testid: 'delete-fact-dialog', text: `删除第${r.line}行：${r.unit} ${r.indicator} ${stated(r)}？`,
      url: `${base}/${r.line}/delete`, done: `已删除：${r.unit} ${r.indicator} ${stated(r)}`, onDone: drawEntered,
    });
  }

  drawEntered();
}
