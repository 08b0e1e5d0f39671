// 登录 page (shown without the shell).

import * as api from '../api.js';
import { h, clear } from '../ui.js';

export function render({ root, onLoggedIn, systemName }) {
  const name = h('input', { class: 'input', type: 'text', name: 'username', autocomplete: 'username', required: true,
    testid: 'login-name', id: 'login-name', placeholder: '请输入用户名' });
  const password = h('input', { class: 'input', type: 'password', name: 'password', autocomplete: 'current-password',
    required: true, testid: 'login-password', id: 'login-password', placeholder: '请输入密码' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', testid: 'login-submit' }, '登 录');
  const error = h('div', { class: 'alert alert-error', role: 'alert', testid: 'error-message', hidden: true });

  const showError = (text) => {
    clear(error);
    error.append(text);
    error.hidden = false;
  };

  const form = h('form', { class: 'login-form', novalidate: true },
    h('div', { class: 'form-item form-item-stacked' }, h('label', { class: 'form-label', for: 'login-name' }, '用户名'), name),
    h('div', { class: 'form-item form-item-stacked' }, h('label', { class: 'form-label', for: 'login-password' }, '密码'), password),
    error, submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    if (!name.value.trim()) { showError('请输入用户名'); name.focus(); return; }
    if (!password.value) { showError('请输入密码'); password.focus(); return; }
    submit.disabled = true;
    submit.textContent = '登录中…';
    try {
      const body = await api.login(name.value.trim(), password.value);
      onLoggedIn(body.user, body.workspace);
    } catch (err) {
      if (err.status === 401) {
        showError('用户名或密码错误，请重新输入');
        password.value = '';
        password.focus();
      } else if (err.status === 429) {
        const sec = Number(err.body.retry_after);
        const minutes = Number.isFinite(sec) && sec > 0 ? Math.max(1, Math.ceil(sec / 60)) : 15;
        showError(`登录失败次数过多，请${minutes}分钟后再试`);
      } else {
        showError(err.message || '登录失败，请稍后再试');
      }
    } finally {
      submit.disabled = false;
      submit.textContent = '登 录';
    }
  });

  root.append(h('div', { class: 'login-page' },
    h('div', { class: 'login-box' },
      h('div', { class: 'login-head' },
        h('span', { class: 'brand-mark brand-mark-lg', 'aria-hidden': 'true' }, '政'),
        h('h1', { class: 'login-title' }, systemName),
        h('p', { class: 'login-sub' }, '政务公开工作季度考核 · 数据录入 · 通报发布')),
      form),
    h('p', { class: 'login-foot' }, '请使用区政府办公室分配的账号登录；忘记密码请联系管理员。')));
  name.focus();
}
