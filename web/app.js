// The workspace shell: session, hash router, top bar and menu.
// Routes: #/login, #/home?period=&unit= (a unit user's first screen), #/ranking, #/unit/<name>?period=, #/data/<tab>, #/mail?period=&show=&unit=&id=,
// #/rectify?period=&tab=&status=&unit=&item=, #/publish, #/year?year=&section=, #/audit, #/users,
// #/districts?period=&district= (a city's workspace only: /me's workspace.districts)

import * as api from './api.js';
import { h, clear, bindErrorBox, clearError, clearToasts, showApiError, roleLabel } from './ui.js';
import * as loginPage from './pages/login.js';
import * as homePage from './pages/home.js';
import * as rankingPage from './pages/ranking.js';
import * as unitPage from './pages/unit.js';
import * as dataPage from './pages/data.js';
import * as mailPage from './pages/mail.js';
import * as rectifyPage from './pages/rectify.js';
import * as publishPage from './pages/publish.js';
import * as yearPage from './pages/year.js';
import * as districtsPage from './pages/districts.js';
import * as auditPage from './pages/audit.js';
import * as usersPage from './pages/users.js';
import * as accountPage from './pages/account.js';

const ALL = ['admin', 'unit', 'viewer'];
const ICONS = {
  home: 'M12 3 2 12h3v9h6v-6h2v6h6v-9h3L12 3z',
  ranking: 'M4 20V10h3v10H4zm6 0V4h3v16h-3zm6 0v-7h3v7h-3z',
  unit: 'M4 21V5l8-3v19H4zm9 0V9l7 2v10h-7zM6 7h2v2H6zm0 4h2v2H6zm0 4h2v2H6zm9-1h3v2h-3zm0-3h3v2h-3z',
  districts: 'M3 3h8v8H3V3zm10 0h8v8h-8V3zM3 13h8v8H3v-8zm10 0h8v8h-8v-8z',
  data: 'M5 20h14v-2H5v2zm7-17-6 6h4v6h4V9h4l-6-6z',
  mail: 'M3 5h18l-9 6.5L3 5zm0 3 9 7 9-7v11H3V8z',
  rectify: 'M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4L9 16.2zM3 3h12v2H3zm0 4h8v2H3z',
  publish: 'M6 2h9l5 5v15H6V2zm8 1.5V8h4.5L14 3.5zM8 12h8v1.5H8zm0 4h8v1.5H8z',
  year: 'M7 2h2v2h6V2h2v2h3v18H4V4h3V2zm-1 8v10h12V10H6zm2 2h3v3H8v-3z',
  audit: 'M4 5h16v2H4zm0 6h16v2H4zm0 6h10v2H4z',
  users: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-8 8c0-3.3 3.6-6 8-6s8 2.7 8 6v1H4v-1z',
};
const ROUTES = {
  home: { title: '我的单位', titles: { admin: '单位首页' }, roles: ['admin', 'unit'], page: homePage },
  ranking: { title: '总览', roles: ALL, page: rankingPage },
  unit: { title: '单位详情', roles: ALL, page: unitPage },
  // Only in a city's workspace, whose units are its districts.
  districts: { title: '区县', roles: ALL, page: districtsPage, when: (ws) => ws.districts },
  data: { title: '数据录入', roles: ['admin'], page: dataPage },
  mail: { title: '投稿审核', roles: ['admin', 'unit'], page: mailPage },
  rectify: { title: '整改', roles: ['admin', 'unit'], page: rectifyPage },
  publish: { title: '发布', roles: ALL, page: publishPage },
  year: { title: '年度', roles: ALL, page: yearPage },
  audit: { title: '审计日志', roles: ['admin'], page: auditPage },
  users: { title: '用户管理', roles: ['admin'], page: usersPage },
};
const SYSTEM_NAME = '政务公开考核工作台';
// A unit user starts at its own unit's home; the others at the ranking.
const homeOf = (u) => (u && u.role === 'unit' ? '#/home' : '#/ranking');
const offered = (r) => !r.when || r.when(workspace);
const titleOf = (r) => (user && r.titles && r.titles[user.role]) || r.title;

const root = document.getElementById('app');
let user = null;
let workspace = {}; // /me's and the login's "workspace": what it offers beyond a district's work
let shell = null; // {main, menu, errorBox, title}
let routeSeq = 0;
let knownLoggedOut = false; // set when the server said 401, so the login page need not ask again

// "#/unit/区商务局?period=2020Q3" → {name: 'unit', params: ['区商务局'], query}
function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, qs = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { name: parts[0] || '', params: parts.slice(1), query: new URLSearchParams(qs) };
}

// Builds "#/unit/<encoded>?period=…" from segments and a query object.
export function href(segments, query) {
  const path = segments.map((s) => encodeURIComponent(s)).join('/');
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const qs = q.toString();
  return `#/${path}${qs ? '?' + qs : ''}`;
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

// The period chosen last, shared by the pages.
export const rememberedPeriod = {
  get: () => sessionStorage.getItem('zwgk.period') || '',
  set: (id) => sessionStorage.setItem('zwgk.period', id),
};

function toLogin() {
  const cur = location.hash;
  if (cur && !cur.startsWith('#/login')) sessionStorage.setItem('zwgk.next', cur);
  user = null;
  shell = null;
  knownLoggedOut = true;
  api.clearCache();
  if (!location.hash.startsWith('#/login')) location.hash = '#/login';
  else route();
}

api.setUnauthorizedHandler(() => { if (user) toLogin(); });

async function onLoggedIn(u, ws) {
  user = u;
  workspace = ws || {};
  knownLoggedOut = false;
  const next = sessionStorage.getItem('zwgk.next');
  sessionStorage.removeItem('zwgk.next');
  go(next && !next.startsWith('#/login') ? next : homeOf(u));
}

async function logout() {
  try { await api.logout(); } catch { /* going to the login page anyway */ }
  sessionStorage.removeItem('zwgk.next');
  user = null;
  shell = null;
  knownLoggedOut = true;
  api.clearCache();
  location.hash = '#/login';
}

function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', 'menu-icon');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  p.setAttribute('d', ICONS[name]);
  svg.append(p);
  return svg;
}

function buildShell() {
  clear(root);
  const closeMenu = () => document.body.classList.remove('menu-open');
  const menu = h('nav', { class: 'sidebar', 'aria-label': '主菜单' },
    h('ul', { class: 'menu' }, Object.entries(ROUTES).filter(([, r]) => r.roles.includes(user.role) && offered(r)).map(([key, r]) =>
      h('li', {}, h('a', { class: 'menu-item', href: `#/${key}`, testid: `menu-${key}`, dataset: { route: key },
        onclick: closeMenu }, icon(key), h('span', {}, titleOf(r)))))));
  const title = h('h1', { class: 'page-title' });
  const errorBox = h('div', { class: 'alert alert-error', role: 'alert', testid: 'error-message', hidden: true });
  const main = h('div', { class: 'page' });
  const who = user.role === 'unit' && user.unit ? `${user.name}（${user.unit}）` : `${user.name}（${user.role_title || roleLabel[user.role] || user.role}）`;
  const header = h('header', { class: 'topbar' },
    h('button', { type: 'button', class: 'menu-toggle', 'aria-label': '菜单', testid: 'nav-toggle',
      onclick: () => document.body.classList.toggle('menu-open') }, h('span'), h('span'), h('span')),
    h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '政'), SYSTEM_NAME),
    h('div', { class: 'topbar-user' },
      accountPage.accountMenu({ user, who, onLogout: logout }),
      h('button', { type: 'button', class: 'btn-link', testid: 'logout', onclick: logout }, '退出')));
  root.append(header, h('div', { class: 'layout' }, menu,
    h('div', { class: 'backdrop', onclick: closeMenu }),
    h('main', { class: 'content' }, h('div', { class: 'content-head' }, title), errorBox, main)));
  bindErrorBox(errorBox);
  shell = { main, menu, errorBox, title };
}

function showMustChange() {
  shell = null;
  document.body.classList.remove('menu-open');
  clear(root);
  document.title = `修改密码 - ${SYSTEM_NAME}`;
  accountPage.renderMustChange({ root, user, systemName: SYSTEM_NAME, onLogout: logout,
    onChanged: (u) => { user = u; route(); } });
}

async function route() {
  const seq = ++routeSeq;
  const r = parseHash();
  const alive = () => seq === routeSeq;

  if (r.name === 'login') {
    if (!user && !knownLoggedOut) {
      try { ({ user, workspace = {} } = await api.me()); } catch { /* not logged in */ }
      if (!alive()) return;
    }
    if (user) return go(homeOf(user));
    shell = null;
    document.body.classList.remove('menu-open');
    clearToasts();
    clear(root);
    document.title = `登录 - ${SYSTEM_NAME}`;
    return loginPage.render({ root, onLoggedIn, systemName: SYSTEM_NAME });
  }

  if (!user) {
    try {
      ({ user, workspace = {} } = await api.me());
    } catch (e) {
      if (e.status !== 401 && alive()) {
        clear(root);
        root.append(h('div', { class: 'fatal', testid: 'error-message' }, `无法连接服务器：${e.message}`));
        return;
      }
      return toLogin();
    }
    if (!alive()) return;
  }

  // A password someone else chose (one-time, reset) is changed before anything else.
  if (user.must_change_password) return showMustChange();

  const def = ROUTES[r.name];
  if (!def || !offered(def)) return go(homeOf(user));
  if (!shell) buildShell();
  document.body.classList.remove('menu-open');
  for (const a of shell.menu.querySelectorAll('.menu-item')) {
    a.classList.toggle('is-active', a.dataset.route === r.name);
    if (a.dataset.route === r.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  shell.title.textContent = titleOf(def);
  document.title = `${titleOf(def)} - ${SYSTEM_NAME}`;
  clearError();
  const main = h('div', { class: 'page' });
  shell.main.replaceWith(main);
  shell.main = main;
  if (!def.roles.includes(user.role)) {
    main.append(h('div', { class: 'empty' }, '当前账号无权使用此功能'));
    return;
  }
  const ctx = {
    root: main, user, params: r.params, query: r.query, alive, go, href,
    fail: (err, prefix) => { if (alive()) showApiError(err, prefix); },
    // Updates the hash's query without re-rendering the page.
    setQuery(changes) {
      const q = new URLSearchParams(parseHash().query);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === null || v === '') q.delete(k); else q.set(k, v);
      }
      const cur = parseHash();
      history.replaceState(null, '', href([cur.name, ...cur.params], Object.fromEntries(q)));
    },
    rememberedPeriod,
  };
  try {
    await def.page.render(ctx);
  } catch (e) {
    ctx.fail(e);
  }
}

window.addEventListener('hashchange', route);
route();
