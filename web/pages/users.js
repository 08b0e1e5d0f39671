// 用户管理 (admin): GET/POST /users, PUT /users/{name} (停用/启用, 重设密码),
// POST /users/units (一键创建单位账号: the one-time passwords downloaded once as 单位账号.csv).

import * as api from '../api.js';
import { h, clear, dataTable, select, input, button, field, setError, clearError, toast, card, roleLabel, fmtTime, dialog } from '../ui.js';

const ROLES = [
  { value: 'admin', label: '管理员（区政府办公室）' },
  { value: 'unit', label: '单位用户（只能看本单位详情）' },
  { value: 'viewer', label: '只读用户（领导、公众）' },
];

export async function render(ctx) {
  const { root } = ctx;
  const table = dataTable({
    testid: 'users-table', emptyText: '没有用户',
    rowAttrs: (u) => ({ dataset: { user: u.name } }),
    columns: [
      { key: 'name', title: '用户名', sortable: true },
      { key: 'role', title: '角色', sortable: true, render: (u) => h('span', { class: ['tag', u.role === 'admin' ? 'tag-danger' : u.role === 'unit' ? 'tag-info' : ''] },
        u.role_title || roleLabel[u.role] || u.role) },
      { key: 'unit', title: '所属单位', sortable: true, render: (u) => u.unit || h('span', { class: 'muted' }, '—') },
      // created_at / disabled: sent by the server although docs/api.md does not list them; optional here.
      { key: 'created_at', title: '创建时间', sortable: true, cls: 'hide-sm', render: (u) => fmtTime(u.created_at) },
      { key: 'disabled', title: '状态', render: (u) => (u.disabled ? h('span', { class: 'tag tag-danger' }, '已停用')
        : u.must_change_password ? h('span', { class: 'tag tag-warning', title: '初始密码或重设的密码尚未由本人修改' }, '待改密码')
          : h('span', { class: 'tag tag-success' }, '正常')) },
      { key: 'actions', title: '操作', render: (u) => h('span', { class: 'actions' },
        button(u.disabled ? '启用' : '停用', { size: 'small', testid: `user-toggle-${u.name}`, onClick: () => toggle(u) }), ' ',
        button('重设密码', { size: 'small', testid: `user-reset-${u.name}`, onClick: () => resetPassword(u) })) },
    ],
  });

  const units = h('datalist', { id: 'user-unit-names' });
  const name = input({ testid: 'user-name', autocomplete: 'off', placeholder: '登录用的名称' });
  const password = input({ type: 'password', testid: 'user-password', autocomplete: 'new-password', placeholder: '至少 8 位' });
  const role = select({ testid: 'user-role', options: ROLES, value: 'viewer' });
  const unit = input({ testid: 'user-unit', list: 'user-unit-names', placeholder: '单位用户必填：单位正式名称', disabled: true });
  role.addEventListener('change', () => { unit.disabled = role.value !== 'unit'; if (unit.disabled) unit.value = ''; });
  const submit = button('新增用户', { type: 'primary', htmlType: 'submit', testid: 'user-submit' });
  const form = h('form', { class: 'form', novalidate: true },
    field('用户名', name, { required: true }), field('密码', password, { required: true }),
    field('角色', role, { required: true }), field('单位', [unit, units]),
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearError();
    const payload = { name: name.value.trim(), password: password.value, role: role.value, unit: role.value === 'unit' ? unit.value.trim() : '' };
    if (!payload.name) { setError('请填写用户名'); name.focus(); return; }
    if (payload.password.length < 8) { setError('密码至少 8 位'); password.focus(); return; }
    if (payload.role === 'unit' && !payload.unit) { setError('单位用户必须指定所属单位'); unit.focus(); return; }
    submit.disabled = true;
    try {
      await api.request('POST', '/users', { json: payload });
      if (!ctx.alive()) return;
      toast(`已新增用户 ${payload.name}`);
      form.reset();
      unit.disabled = true;
      await load();
    } catch (err) {
      ctx.fail(err, '新增用户失败');
    } finally {
      submit.disabled = false;
    }
  });

  const unitsResult = h('div', { testid: 'units-result' });
  const createUnits = button('一键创建单位账号', { type: 'primary', testid: 'users-create-units', onClick: confirmCreateUnits });
  root.append(h('div', { class: 'two-col' },
    card('用户列表', table.el),
    h('div', {},
      card('新增用户', h('p', { class: 'form-hint' }, '新用户用这里设置的密码登录，首次登录时须改成自己的密码；请通过安全的方式告知本人。'), form),
      card('单位账号', h('p', { class: 'form-hint' },
        '为单位名录中还没有账号的每个单位创建账号（用户名为单位正式名称），随机生成初始密码，下载为“单位账号.csv”。',
        h('strong', {}, '初始密码只下载这一次，系统不保存明文，不能再次查看'), '；各单位首次登录时须修改密码。'),
      h('div', { class: 'form-actions-row' }, createUnits), unitsResult))));

  function confirmCreateUnits() {
    dialog({
      title: '一键创建单位账号', testid: 'units-dialog', okText: '创建并下载',
      body: h('div', {}, h('p', {}, '将为单位名录中还没有账号的每个单位创建账号，并下载“单位账号.csv”（单位、用户名、初始密码）。'),
        h('p', {}, '该文件是初始密码的唯一副本：请妥善保存，分发给各单位后删除。已有账号的单位不受影响。')),
      onOk: async () => { await runCreateUnits(); return true; },
    });
  }

  async function runCreateUnits() {
    clearError();
    createUnits.disabled = true;
    clear(unitsResult);
    unitsResult.append(h('p', { class: 'muted' }, '正在创建账号…'));
    try {
      const body = await api.post('/users/units', {});
      if (!ctx.alive()) return;
      clear(unitsResult);
      if (!body.created) {
        unitsResult.append(h('div', { class: 'alert alert-info', role: 'status' }, `单位名录中的 ${body.existing} 个单位都已有账号，没有新建。`));
        return;
      }
      saveFile(body.file || '单位账号.csv', body.csv);
      unitsResult.append(
        h('div', { class: 'alert alert-success', role: 'status' },
          `已新建 ${body.created} 个单位账号${body.existing ? `（另有 ${body.existing} 个单位已有账号）` : ''}，初始密码已下载为“${body.file}”。该文件不能再次下载。`),
        dataTable({ testid: 'units-created', columns: [{ key: 'unit', title: '单位' }, { key: 'name', title: '用户名' }], rows: body.accounts, maxHeight: '320px' }).el);
      await load();
    } catch (err) {
      clear(unitsResult);
      ctx.fail(err, '创建单位账号失败');
    } finally {
      createUnits.disabled = false;
    }
  }

  async function change(u, payload, done) {
    clearError();
    try {
      await api.put(`/users/${api.seg(u.name)}`, payload);
      if (!ctx.alive()) return true;
      toast(done);
      await load();
      return true;
    } catch (err) {
      ctx.fail(err, '修改用户失败');
      return false;
    }
  }

  function toggle(u) {
    change(u, { disabled: !u.disabled }, `已${u.disabled ? '启用' : '停用'}用户 ${u.name}`);
  }

  function resetPassword(u) {
    const pw = input({ type: 'password', testid: 'user-reset-password', autocomplete: 'new-password', placeholder: '至少 8 位' });
    dialog({
      title: `重设 ${u.name} 的密码`, testid: 'user-reset-dialog',
      body: h('div', { class: 'form' }, field('新密码', pw, { required: true }),
        h('p', { class: 'form-hint' }, '重设后该用户的所有登录立即失效；下次登录时须改成自己的密码。')),
      onOk: async () => (pw.value.length < 8 ? (setError('密码至少 8 位'), false) : change(u, { password: pw.value }, `已重设 ${u.name} 的密码`)),
    });
  }

  function saveFile(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function load() {
    try {
      const data = await api.get('/users');
      if (ctx.alive()) table.setRows(data.users || []);
    } catch (err) {
      ctx.fail(err);
    }
  }

  api.get('/registry').then((r) => {
    for (const u of r.units || []) units.append(h('option', { value: u.name }));
  }).catch(() => { /* the list is only a convenience */ });
  await load();
}
