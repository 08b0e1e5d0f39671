// The caller's own account: the account menu of the top bar (name, role,
// 修改密码, 退出), the change-password dialog, and the screen a user whose
// password was set by someone else (a one-time password, a reset) sees after
// logging in, until they have chosen their own (POST /me/password).

import * as api from '../api.js';
import { h, clear, dialog, toast, roleLabel } from '../ui.js';

const MIN_CHARS = 8;

// The three fields and their check; submit() resolves to the server's user, or null (the error shown).
function passwordForm(testid) {
  const pw = (id, auto, placeholder) => h('input', { class: 'input', type: 'password', autocomplete: auto,
    testid: `${testid}-${id}`, id: `${testid}-${id}`, placeholder });
  const current = pw('current', 'current-password', '现在使用的密码');
  const next = pw('new', 'new-password', `至少 ${MIN_CHARS} 位，不要用常见密码`);
  const again = pw('again', 'new-password', '再输入一次新密码');
  const error = h('div', { class: 'alert alert-error', role: 'alert', testid: `${testid}-error`, hidden: true });
  const row = (label, control) => h('div', { class: 'form-item form-item-stacked' },
    h('label', { class: 'form-label is-required', for: control.id }, label), control);
  const el = h('div', { class: 'form account-form' },
    row('当前密码', current), row('新密码', next), row('确认新密码', again),
    h('p', { class: 'form-hint' }, '新密码至少 8 位；不能与用户名、单位名称相同，不能是 123456、woaini1314 这类常见密码。修改后，其他设备上的登录会退出。'),
    error);
  const fail = (text, focus) => { clear(error); error.append(text); error.hidden = false; focus?.focus(); return null; };
  async function submit() {
    error.hidden = true;
    if (!current.value) return fail('请输入当前密码', current);
    if ([...next.value].length < MIN_CHARS) return fail(`新密码至少 ${MIN_CHARS} 位`, next);
    if (next.value !== again.value) return fail('两次输入的新密码不一致', again);
    try {
      const body = await api.post('/me/password', { current: current.value, password: next.value });
      return body.user;
    } catch (err) {
      if (err.status === 403 && err.body.code === 'wrong_password') return fail('当前密码不正确', current);
      return fail(err.message || '修改密码失败', next);
    }
  }
  return { el, submit, focus: () => current.focus() };
}

export function changePasswordDialog() {
  const form = passwordForm('account-password');
  dialog({
    title: '修改密码', testid: 'account-password-dialog', okText: '修改密码', body: form.el,
    onOk: async () => {
      if (!(await form.submit())) return false;
      toast('密码已修改；其他设备上的登录已退出');
      return true;
    },
  });
}

// The top bar's account menu. who: the text shown (testid current-user).
export function accountMenu({ user, who, onLogout }) {
  const menu = h('div', { class: 'account-dropdown', role: 'menu', testid: 'account-menu', hidden: true },
    h('div', { class: 'account-who' }, h('strong', {}, user.name),
      h('span', {}, user.role_title || roleLabel[user.role] || user.role), user.unit ? h('span', {}, user.unit) : null),
    h('button', { type: 'button', role: 'menuitem', class: 'account-item', testid: 'account-change-password',
      onclick: () => { close(); changePasswordDialog(); } }, '修改密码'),
    h('button', { type: 'button', role: 'menuitem', class: 'account-item', testid: 'account-logout',
      onclick: () => { close(); onLogout(); } }, '退出登录'));
  const toggle = h('button', { type: 'button', class: 'account-toggle', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    title: who, onclick: () => (menu.hidden ? open() : close()) },
  h('span', { class: 'user-name', testid: 'current-user' }, who), h('span', { class: 'account-caret', 'aria-hidden': 'true' }, '▾'));
  const el = h('div', { class: 'account' }, toggle, menu);
  const onDoc = (e) => { if (!el.contains(e.target)) close(); };
  const onKey = (e) => { if (e.key === 'Escape') close(); };
  function open() {
    menu.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    document.addEventListener('mousedown', onDoc);
    document.addEventListener('keydown', onKey);
  }
  function close() {
    menu.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    document.removeEventListener('mousedown', onDoc);
    document.removeEventListener('keydown', onKey);
  }
  return el;
}

// The only screen of a user who must change their password first.
export function renderMustChange({ root, user, systemName, onChanged, onLogout }) {
  const form = passwordForm('must-change');
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', testid: 'must-change-submit' }, '修改密码并进入工作台');
  const el = h('form', { class: 'login-form', novalidate: true }, form.el, submit);
  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    try {
      const changed = await form.submit();
      if (changed) onChanged(changed);
    } finally { submit.disabled = false; }
  });
  const who = user.unit ? `${user.name}（${user.unit}）` : user.name;
  root.append(h('div', { class: 'login-page', testid: 'must-change-page' },
    h('div', { class: 'login-box' },
      h('div', { class: 'login-head' },
        h('span', { class: 'brand-mark brand-mark-lg', 'aria-hidden': 'true' }, '政'),
        h('h1', { class: 'login-title' }, '请先修改密码'),
        h('p', { class: 'login-sub' }, `${who}：您的密码是管理员设置的初始密码或重设的密码，须改成只有您自己知道的密码后才能使用${systemName}。`)),
      el,
      h('p', { class: 'login-foot-inline' }, h('button', { type: 'button', class: 'btn-text', testid: 'must-change-logout', onclick: onLogout }, '退出登录')))));
  form.focus();
}
