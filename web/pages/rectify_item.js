// 整改: one rectification item in the drawer of the 整改 page (rectify.js) —
// its facts and history, the unit's reply form, and the dialogs that verify,
// return, contest, uphold or withdraw it — and the small helpers both share.
// API: POST /periods/{id}/rectification/{unit}/{code}/reply|verify|reject|contest|uphold|withdraw.

import * as api from '../api.js';
import { h, input, button, field, card, descriptions, toast, dialog } from '../ui.js';
import { periodWord } from './common.js';

export const STATUS_TAG = {
  open: 'tag-info', replied: 'tag-warning', returned: 'tag-danger', contested: 'tag-warning',
  done: 'tag-success', late: 'tag-warning', overdue: 'tag-danger', withdrawn: '',
};
const KIND_TAG = { reply: 'tag-info', verify: 'tag-success', reject: 'tag-danger', contest: 'tag-warning',
  uphold: '', withdraw: 'tag-success' };
const WEB_LINK = /^https?:\/\/\S+$/i;

export const statusTag = (item) => h('span', { class: ['tag', STATUS_TAG[item.status_code]], testid: 'item-status' }, item.status);
export const unitLabel = (u) => (u ? u.short_name || u.name : '');
const itemPath = (period, unitName, code) =>
  `/periods/${api.seg(period)}/rectification/${api.seg(unitName)}/${api.seg(code)}`;
// "2020Q3/齐都镇/目录未上传" → its API path (unit names and codes have no "/").
export const pathOfId = (id) => {
  const [period, unit, ...code] = String(id).split('/');
  return itemPath(period, unit, code.join('/'));
};
export const dash = (v) => v || '—';

// A link a unit gave, as a link only when it is a web address.
function webLink(url) {
  if (!url) return null;
  return WEB_LINK.test(url) ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'break-all' }, url)
    : h('span', { class: 'break-all' }, url);
}

// The cards for one item's detail (GET …/rectification/{unit}/{code});
// onChange(detail) gets the item's new detail after a reply or a decision.
export function itemCards(ctx, { item, state: periodState }, { admin, onChange }) {
  const it = item;
  const allowed = new Set(it.actions || []);
  const refusals = it.refusals || {};
  const path = pathOfId(it.id);
  const ask = (kind) => decide(ctx, path, kind, it, onChange);
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
  if (allowed.has('reply')) parts.push(card('整改回复', replyForm(ctx, path, it, onChange)));
  else if (!admin && it.awaiting_check) {
    parts.push(h('div', { class: 'alert alert-info', testid: 'reply-refused' }, '已回复，正等待区政府办公室核实；核实通过后办结，退回后可重新回复。'));
  } else if (!admin && refusals.reply && !['done', 'late', 'withdrawn'].includes(it.status_code)) {
    parts.push(h('div', { class: 'alert alert-info', testid: 'reply-refused' }, refusals.reply));
  }
  const buttons = [];
  if (allowed.has('verify')) buttons.push(button('核实通过', { type: 'primary', testid: 'action-verify', onClick: () => ask('verify') }));
  if (allowed.has('reject')) buttons.push(button('退回', { type: 'danger', testid: 'action-reject', onClick: () => ask('reject') }));
  if (allowed.has('uphold')) buttons.push(button('维持原认定', { testid: 'action-uphold', onClick: () => ask('uphold') }));
  if (allowed.has('withdraw')) buttons.push(button('撤销扣分', { type: 'danger', testid: 'action-withdraw', onClick: () => ask('withdraw') }));
  if (allowed.has('contest')) buttons.push(button('提出申诉', { testid: 'action-contest', onClick: () => ask('contest') }));
  const contestNote = !allowed.has('contest') && periodState.rules?.contest_days && refusals.contest && !admin
    ? h('p', { class: 'form-hint', testid: 'contest-refused' }, `申诉：${refusals.contest}`) : null;
  const contestOpen = allowed.has('contest') && periodState.contest_closes
    ? h('p', { class: 'form-hint' }, `申诉期至 ${periodState.contest_closes} 止，每个问题只能申诉一次。`) : null;
  if (buttons.length || contestNote) parts.push(card(admin ? '办理' : '申诉', h('div', { class: 'form-actions-row' }, buttons), contestOpen, contestNote));
  return parts;
}

const DECISIONS = {
  verify: { title: '核实通过', label: '核实说明', hint: '确认单位已整改到位，事项办结；以最近一次回复的时间作为整改完成时间。', required: false, ok: '核实通过' },
  reject: { title: '退回整改', label: '退回理由', hint: '单位将看到退回理由，须重新整改并回复。', required: true, ok: '退回' },
  uphold: { title: '维持原认定', label: '理由', hint: '维持检查发现，扣分不变；事项回到申诉前的状态。', required: true, ok: '维持' },
  withdraw: { title: '撤销扣分', label: '理由', hint: '撤销这项检查发现：本季度的得分、排名、通报和附件4随之改变。', required: true, ok: '撤销' },
  contest: { title: '提出申诉', label: '申诉理由', hint: '写明对检查发现有异议的理由；区政府办公室将维持或撤销，每个问题只能申诉一次。', required: true, ok: '提交申诉' },
};

function decide(ctx, path, kind, it, onChange) {
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
        onChange(r);
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

function replyForm(ctx, path, it, onChange) {
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
      onChange(r);
    } catch (error) {
      if (error.status !== 401) showErr(error.message);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
