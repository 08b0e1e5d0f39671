// Client of the zwgk JSON API v1 (docs/api.md). Same origin only.

const BASE = '/api/v1';

const STATUS_TEXT = {
  0: '无法连接服务器，请检查网络后重试',
  400: '请求格式不对',
  401: '未登录或登录已过期，请重新登录',
  403: '无权限执行此操作',
  404: '请求的内容不存在',
  409: '与现有数据冲突',
  413: '上传的文件过大',
  422: '数据有误',
  429: '登录失败次数过多，请稍后再试',
  500: '服务器内部错误',
  503: '服务暂时不可用',
};

export class ApiError extends Error {
  constructor(status, body) {
    const text = (body && typeof body.error === 'string' && body.error) || STATUS_TEXT[status] ||
      `请求失败（HTTP ${status}）`;
    super(text);
    this.status = status;
    this.body = body || {};
    this.problems = Array.isArray(this.body.problems) ? this.body.problems : [];
    // At most 500 problems are listed; the counts are of all of them.
    this.problemsTotal = Number.isInteger(this.body.problems_total) ? this.body.problems_total : this.problems.length;
    this.problemsNote = typeof this.body.problems_note === 'string' ? this.body.problems_note : '';
  }
}

let csrf = '';
let onUnauthorized = () => {};

export function setCsrf(token) { csrf = token || ''; }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

// Encodes one path segment (period id, unit name, file name).
export const seg = (s) => encodeURIComponent(String(s));

function withQuery(path, query) {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function raw(method, path, { json, form, query, login = false } = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form; // the browser sets the multipart boundary
  }
  if (method !== 'GET' && !login) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch(BASE + withQuery(path, query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  if (res.status === 401 && !login) {
    onUnauthorized();
  }
  return res;
}

async function parse(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let body = null;
  if (type.includes('json')) {
    try { body = await res.json(); } catch { body = null; }
  }
  if (!res.ok) throw new ApiError(res.status, body);
  return body;
}

export async function request(method, path, opts) {
  return parse(await raw(method, path, opts));
}

export const get = (path, query) => request('GET', path, { query });
export const post = (path, json, query) => request('POST', path, { json, query });
export const put = (path, json) => request('PUT', path, { json });

// ---- uploads with progress (issue 14) ----
// Multipart upload of `files` (one File or an array) in the field `file`.
// fetch() cannot report an upload's progress, XMLHttpRequest can:
// onProgress(sent, total) while the bytes go, onSent() once all are sent
// (the server then checks them until it answers).
export function upload(path, files, query, { onProgress, onSent } = {}) {
  const form = new FormData();
  for (const f of [].concat(files)) form.append('file', f, f.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + withQuery(path, query));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    if (onProgress) xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    if (onSent) xhr.upload.addEventListener('load', () => onSent());
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject(new ApiError(0, null)));
    xhr.addEventListener('load', () => {
      if (xhr.status === 401) onUnauthorized();
      let body = null;
      if ((xhr.getResponseHeader('Content-Type') || '').includes('json')) {
        try { body = JSON.parse(xhr.responseText); } catch { body = null; }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    });
    xhr.send(form);
  });
}
// ---- end uploads with progress ----

// With an empty JSON body: the server wants a Content-Length on a DELETE, which
// browsers send only with a body.
export const del = (path) => request('DELETE', path, { json: {} });

// Downloads a file as a Blob; errors (e.g. 503 for PDF) come back as ApiError.
export async function download(path) {
  const res = await raw('GET', path);
  if (!res.ok) await parse(res);
  return res.blob();
}

export async function login(name, password) {
  const res = await raw('POST', '/login', { json: { name, password }, login: true });
  const body = await parse(res);
  setCsrf(body.csrf);
  return body;
}

export async function me() {
  const body = await get('/me');
  setCsrf(body.csrf);
  return body;
}

export async function logout() {
  try { await request('POST', '/logout'); } finally { setCsrf(''); }
}

// Per-session caches of data that rarely changes.
const cache = new Map();
export function cached(path) {
  if (!cache.has(path)) {
    const p = get(path);
    p.catch(() => cache.delete(path));
    cache.set(path, p);
  }
  return cache.get(path);
}
export function clearCache() { cache.clear(); }

export const periods = () => cached('/periods');
export const scheme = () => cached('/scheme');
