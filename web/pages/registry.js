// 数据录入 → 单位名录 (admin): GET/POST /registry, PUT /registry/{name}.

import * as api from '../api.js';
import { h, dataTable, select, input, button, field, clearError, toast, loading, dialog, problemText } from '../ui.js';
import { filterBar } from './common.js';

const splitList = (s) => String(s || '').split(/[、，,；;／/|\s]+/).map((x) => x.trim()).filter(Boolean);
const joinList = (a) => (a || []).join('、');

export async function renderRegistry(ctx, root) {
  const scheme = await api.scheme();
  const sections = scheme.sections || [];
  let units = [];
  let search = '';

  const searchEl = input({ type: 'search', testid: 'search-input', placeholder: '名称、简称或别名' });
  const sectionEl = select({ testid: 'section-select', options: [{ value: '', label: '全部分组' },
    ...sections.map((s) => ({ value: s.code, label: s.title || s.code }))], onChange: () => redraw() });
  const meta = h('div', { class: 'table-meta' });
  const table = dataTable({
    testid: 'registry-table', maxHeight: 'calc(100vh - 300px)',
    rowAttrs: (u) => ({ dataset: { unit: u.name } }),
    columns: [
      { key: 'official_order', title: '序号', sortable: true, align: 'right', width: '64px' },
      { key: 'name', title: '正式名称', sortable: true },
      { key: 'short_name', title: '简称', sortable: true, render: (u) => (u.short_name && u.short_name !== u.name ? u.short_name : '') },
      { key: 'aliases', title: '别名', render: (u) => joinList(u.aliases), cls: 'hide-sm cell-wrap' },
      { key: 'section', title: '分组', sortable: true },
      { key: 'tags', title: '标签', render: (u) => (u.tags || []).map((t) => h('span', { class: 'tag tag-info' }, t)) },
      { key: 'exemptions', title: '免考核', render: (u) => joinList(u.exemptions), cls: 'hide-sm' },
      { key: 'mail_addresses', title: '投稿邮箱', render: (u) => joinList(u.mail_addresses), cls: 'hide-sm cell-wrap' },
      { key: 'ops', title: '操作', render: (u) => button('编辑', { size: 'small', type: 'text', testid: 'registry-edit', onClick: () => edit(u) }) },
    ],
  });
  searchEl.addEventListener('input', () => { search = searchEl.value.trim().toLowerCase(); redraw(); });

  root.append(filterBar(['分组', sectionEl], ['搜索', searchEl],
    button('新增单位', { type: 'primary', testid: 'registry-add', onClick: () => edit(null) })), meta, table.el);

  function redraw() {
    const rows = units.filter((u) => (!sectionEl.value || u.section === sectionEl.value) && (!search ||
      [u.name, u.short_name, ...(u.aliases || [])].some((n) => String(n || '').toLowerCase().includes(search))));
    table.setRows(rows);
    meta.textContent = `名录共 ${units.length} 个单位，显示 ${rows.length} 个。修改名录后，各季度的得分按新名录重新计算。`;
  }

  async function load() {
    meta.textContent = '';
    meta.append(loading());
    try {
      units = (await api.get('/registry')).units || [];
    } catch (err) {
      ctx.fail(err);
      units = [];
    }
    if (ctx.alive()) redraw();
  }

  function edit(u) {
    const f = {
      name: input({ value: u?.name || '', testid: 'registry-name' }),
      short_name: input({ value: u && u.short_name !== u.name ? u.short_name : '', placeholder: '与正式名称相同时不填' }),
      aliases: input({ value: joinList(u?.aliases), placeholder: '多个用“、”分隔' }),
      section: select({ options: sections.map((s) => ({ value: s.code, label: s.title || s.code })), value: u?.section || sections[0]?.code, testid: 'registry-section' }),
      tags: input({ value: joinList(u?.tags), placeholder: '如：示范点' }),
      exemptions: input({ value: joinList(u?.exemptions), placeholder: '如：投稿' }),
      official_order: input({ type: 'number', min: '0', step: '1', value: u ? String(u.official_order ?? '') : String(units.length + 1) }),
      mail_addresses: input({ value: joinList(u?.mail_addresses), placeholder: '如：xinxi@linzi.gov.cn，多个用“、”分隔', testid: 'registry-mail' }),
    };
    const err = h('div', { class: 'alert alert-error', hidden: true, role: 'alert', testid: 'dialog-error' });
    const body = h('form', { class: 'form form-dialog', novalidate: true, onsubmit: (e) => e.preventDefault() },
      field('正式名称', f.name, { required: true }), field('简称', f.short_name), field('别名', f.aliases),
      field('分组', f.section, { required: true }), field('标签', f.tags), field('免考核', f.exemptions),
      field('序号', f.official_order, { hint: '机构序列，附件4 按此排序' }),
      field('投稿邮箱', f.mail_addresses, { hint: '从这些地址发来的邮件归属本单位（邮件标题中写明的单位优先）' }), err);
    dialog({
      title: u ? `编辑单位：${u.name}` : '新增单位', body, testid: 'registry-dialog', okText: '保存',
      onOk: async () => {
        err.hidden = true;
        const name = f.name.value.trim();
        if (!name) { err.textContent = '请填写正式名称'; err.hidden = false; return false; }
        const order = f.official_order.value.trim();
        if (order && !/^\d+$/.test(order)) { err.textContent = '序号应为非负整数'; err.hidden = false; return false; }
        const addresses = splitList(f.mail_addresses.value);
        const badAddress = addresses.find((a) => !/^[^@\s]+@[^@\s]+$/.test(a));
        if (badAddress) { err.textContent = `“${badAddress}”不是邮箱地址`; err.hidden = false; return false; }
        const payload = {
          name, short_name: f.short_name.value.trim() || name, aliases: splitList(f.aliases.value),
          section: f.section.value, tags: splitList(f.tags.value), exemptions: splitList(f.exemptions.value),
          official_order: order ? Number(order) : null, mail_addresses: addresses,
        };
        try {
          if (u) await api.put(`/registry/${api.seg(u.name)}`, payload);
          else await api.request('POST', '/registry', { json: payload });
        } catch (e) {
          if (e.status === 401) return true;
          err.textContent = e.message + (e.problems.length ? '：' + e.problems.map((p) => problemText(p)).join('；') : '');
          err.hidden = false;
          return false;
        }
        toast(u ? `已保存 ${name}` : `已新增 ${name}`);
        clearError();
        load();
        return true;
      },
    });
  }

  await load();
}

