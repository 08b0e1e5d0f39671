// Development mock of `zwgk serve`: serves web/ at / and answers the JSON API
// v1 (docs/api.md) from the fixtures in web/dev/fixtures/, keeping changes
// (logins, findings, uploads, registry, users, audit) in memory.
// Development only: never embedded in the server.
//
//   node web/dev/mock_server.mjs [--port 8080] [--delay 0]
//   ZWGK_BULLETIN_DIR=/tmp/x  serve real bulletin files from a `zwgk report` output
//
// Users: admin/admin123 (管理员), shangwu/unit123 (单位用户, 区商务局), lingdao/viewer123 (只读用户).
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, dirname, extname, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, createHash } from 'node:crypto';
import { parseCsv, closest, multipartFile } from './mock_util.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const webRoot = join(here, '..');
const fx = (name) => JSON.parse(readFileSync(join(here, 'fixtures', name), 'utf8'));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const port = Number(arg('--port', 8080));
const delay = Number(arg('--delay', 0));

const num = (s) => Number(s);
const dec = (n) => String(Math.round(n * 1e6) / 1e6);
const collator = new Intl.Collator('zh');

const scheme = fx('scheme.json');
const periods = fx('periods.json');
const registry = fx('registry.json').units;
const users = fx('users.json').users;
const audit = fx('audit.json').entries;
const files = fx('files.json');
const results = {};
for (const p of periods.periods) {
  const f = join(here, 'fixtures', `result-${p.id}.json`);
  if (!existsSync(f)) continue;
  // Real results keep zwgk's order; synthetic ones are ranked here (Intl collation,
  // without the scheme's tailoring — good enough for a mock).
  const r = JSON.parse(readFileSync(f, 'utf8'));
  results[p.id] = r.mock_rerank ? rerank(r) : r;
}
const broken = { '2020Q4': fx('problems-2020Q4.json') };
const sessions = new Map(); // token -> {user, csrf}
const failures = new Map(); // login name or address -> [unix seconds]

const roleTitle = { admin: '管理员', unit: '单位用户', viewer: '只读用户' };
const now = () => Math.floor(Date.now() / 1000);
const publicUser = (u) => ({ name: u.name, role: u.role, role_title: roleTitle[u.role], unit: u.unit || '' });

// ---------------------------------------------------------------- scoring helpers


// Re-sorts the score tables (total desc, first month desc, name) after changes.
function rerank(result) {
  const sections = { '附件1': ['部门'], '附件2': ['镇街'] };
  for (const t of result.tables) {
    if (t.kind !== 'scores') continue;
    const members = result.units.filter((u) => sections[t.id]?.includes(u.section));
    members.sort((a, b) => num(b.total) - num(a.total) ||
      b.months[0].published - a.months[0].published || collator.compare(a.short_name, b.short_name));
    t.rows = members.map((u, i) => ({ seq: i + 1, rank: i + 1, unit: u.name }));
    for (let i = 1; i < t.rows.length; i++) {
      if (num(members[i].total) === num(members[i - 1].total)) t.rows[i].rank = t.rows[i - 1].rank;
    }
    for (const u of members) {
      const row = t.rows.find((r) => r.unit === u.name);
      u.placements = [{ table: t.id, seq: row.seq, rank: row.rank },
        ...(u.placements || []).filter((p) => p.table !== t.id)].sort((a, b) => collator.compare(a.table, b.table));
    }
  }
  return result;
}

function resolveUnit(name) {
  const key = String(name || '').replace(/\s+/g, '');
  return registry.find((u) => u.name === key || u.short_name === key || u.aliases.includes(key));
}
const allNames = () => registry.flatMap((u) => [u.name, u.short_name, ...u.aliases]);

function rankingOf(result) {
  const units = [];
  for (const t of result.tables) {
    if (t.kind !== 'scores') continue;
    for (const row of t.rows) {
      const u = result.units.find((x) => x.name === row.unit);
      units.push({
        name: u.name, short_name: u.short_name, section: u.section, table: t.id, seq: row.seq, rank: row.rank,
        published: u.months.map((m) => m.published), publication: u.publication, bonus: u.bonus,
        deduction: u.deduction, total: u.total, submissions: u.months.map((m) => m.submissions),
        adoption_bonus: u.adoption_bonus, deduction_text: u.deduction_text,
      });
    }
  }
  return { period: result.period, sections: scheme.sections, units };
}

function progressOf(result, month) {
  const i = result.period.months.indexOf(month);
  const cap = num(scheme.publication.monthly_cap);
  const full = Math.ceil(cap / num(scheme.publication.points_per_item));
  const units = rankingOf(result).units.map((r) => {
    const u = result.units.find((x) => x.name === r.name);
    const m = u.months[i];
    const behind = [];
    if (m.published < full) behind.push(`发布未满分：${m.published}/${full}条`);
    if (m.quota !== null && m.submissions < m.quota) behind.push(`投稿未完成：${m.submissions}/${m.quota}篇`);
    return {
      name: u.name, short_name: u.short_name, section: u.section, published: m.published,
      full_marks_items: full, publication_points: m.publication_points, publication_cap: dec(cap),
      submissions: m.submissions, quota: m.quota, status: behind.length ? 'behind' : 'ok',
      status_text: behind.length ? behind.join('；') : '已完成',
    };
  });
  return { month, units };
}

function trends() {
  return {
    periods: periods.periods.map((p) => {
      if (broken[p.id]) return { id: p.id, name: p.name, sections: [], problems: broken[p.id].problems.length };
      const r = results[p.id];
      if (!r) return { id: p.id, name: p.name, sections: [] };
      return {
        id: p.id, name: p.name, sections: scheme.sections.map((s) => {
          const t = r.units.filter((u) => u.section === s.code).map((u) => num(u.total));
          return { code: s.code, units: t.length, average: dec(Math.round(t.reduce((a, b) => a + b, 0) / t.length * 10) / 10),
            min: dec(Math.min(...t)), max: dec(Math.max(...t)) };
        }),
      };
    }),
  };
}

function unitDetail(id, name) {
  const result = results[id];
  const u = result.units.find((x) => x.name === name);
  if (!u) return null;
  const history = [];
  for (const p of periods.periods) {
    const other = results[p.id]?.units.find((x) => x.name === name);
    const pl = other?.placements.find((x) => x.table === '附件1' || x.table === '附件2');
    if (other) history.push({ period: p.id, total: other.total, table: pl?.table || '', rank: pl?.rank ?? null });
  }
  return { unit: { submission_records: [], adoption_records: [], ...u }, history };
}

function recomputeDeductions(u) {
  const total = u.deductions.reduce((a, d) => a + num(d.points), 0);
  u.deduction = dec(total);
  u.total = dec(num(u.publication) + num(u.bonus) - total);
  u.deduction_text = u.deductions.length
    ? u.deductions.map((d) => `${d.reason}，减${d.points}分`).join('；') + `，共减${u.deduction}分。` : '';
}

function addAudit(user, action, target, detail) {
  audit.push({ id: audit.length ? audit[audit.length - 1].id + 1 : 1, at: now(), user, action, target, detail });
}

function addFileVersion(id, path, content, user) {
  const list = files[id] || (files[id] = []);
  let f = list.find((x) => x.path === path);
  if (!f) list.push(f = { path, size: 0, versions: [] });
  const maxId = Math.max(0, ...Object.values(files).flat().flatMap((x) => x.versions.map((v) => v.id)));
  f.versions.unshift({ id: maxId + 1, sha256: createHash('sha256').update(content).digest('hex'),
    size: content.length, saved_by: user, saved_at: now() });
  f.size = content.length;
}

// ---------------------------------------------------------------- uploads

const kinds = ['网站发布', '投稿', '采用', '检查'];

function checkUpload(id, filename, content) {
  const kind = kinds.find((k) => filename.startsWith(k));
  const ext = extname(filename).toLowerCase();
  if (!['.csv', '.xlsx'].includes(ext)) return { status: 400, error: '只能上传 .csv 或 .xlsx 文件' };
  if (!kind) return { status: 400, error: `文件名须以 网站发布、投稿、采用 或 检查 开头，而不是“${filename}”` };
  const file = `${id}/${filename}`;
  const replaces = (files[id] || []).some((f) => f.path === file);
  if (ext === '.xlsx') {
    return { file, kind, replaces, columns: [], rows: [], row_count: 0, problems: [{ severity: 'warning', file,
      sheet: '', line: 0, column: 0, column_name: '', message: '模拟服务器不解析 .xlsx，只检查文件名',
      text: `警告：“${file}”：模拟服务器不解析 .xlsx，只检查文件名` }] };
  }
  const table = parseCsv(content.toString('utf8').replace(/^\uFEFF/, ''));
  const [columns = [], ...rows] = table;
  const problems = [];
  const problem = (line, column, message) => problems.push({
    severity: 'error', file, sheet: '', line, column: column + 1, column_name: columns[column] || '', message,
    text: `错误：读取“${file}” 第${line}行第${column + 1}列（${columns[column] || ''}）时：${message}`,
  });
  const unitCol = columns.findIndex((c) => ['单位', '单位名称'].includes(c.trim()));
  if (unitCol < 0) {
    problems.push({ severity: 'error', file, sheet: '', line: 1, column: 0, column_name: '', message: '缺少“单位”列',
      text: `错误：读取“${file}” 第1行时：缺少“单位”列` });
  }
  const seen = new Set();
  rows.forEach((row, i) => {
    const line = i + 2;
    if (unitCol >= 0) {
      const name = (row[unitCol] || '').trim();
      if (!name) problem(line, unitCol, '单位名称为空');
      else if (!resolveUnit(name) && !seen.has(name)) {
        seen.add(name);
        const count = rows.filter((r) => (r[unitCol] || '').trim() === name).length;
        const guess = closest(name, allNames());
        problem(line, unitCol, `未知单位“${name}”（本文件共${count}行）${guess ? `；是否指：${guess}？` : ''}`);
      }
    }
    columns.forEach((c, k) => {
      const v = (row[k] || '').trim();
      if ((/\d+月/.test(c) || c.includes('件数')) && v !== '' && !/^\d+$/.test(v)) problem(line, k, `“${v}”不是非负整数`);
      if (c === '问题类型' && !scheme.findings.some((f) => f.code === v)) {
        problem(line, k, `未知问题类型“${v}”，应为：${scheme.findings.map((f) => f.code).join('、')}`);
      }
    });
  });
  return { file, kind, replaces, problems, columns, rows: rows.slice(0, 20), row_count: rows.length };
}

// ---------------------------------------------------------------- HTTP plumbing

function send(res, status, body, headers = {}) {
  const data = body === null ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(data);
}
const fail = (res, status, error, extra = {}) => send(res, status, { error, ...extra });

async function readBody(req, limit = 8 << 20) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > limit) throw Object.assign(new Error('too large'), { status: 413 });
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

const mime = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

function serveStatic(req, res, path) {
  const rel = normalize(decodeURIComponent(path === '/' ? '/index.html' : path)).replace(/^([/\\])+/, '');
  const file = join(webRoot, rel);
  if (!file.startsWith(webRoot + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return send(res, 404, '未找到', { 'Content-Type': 'text/plain; charset=utf-8' });
  }
  send(res, 200, readFileSync(file), { 'Content-Type': mime[extname(file)] || 'application/octet-stream' });
}

function sessionOf(req) {
  const m = /(?:^|;\s*)zwgk_session=([^;]+)/.exec(req.headers.cookie || '');
  return m ? sessions.get(m[1]) : undefined;
}

function attachment(res, name, type, body) {
  send(res, 200, body, { 'Content-Type': type,
    'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}` });
}

// ---------------------------------------------------------------- API

async function api(req, res, url) {
  const path = url.pathname.slice('/api/v1'.length);
  const method = req.method;
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);

  if (method === 'POST' && path === '/login') {
    const body = JSON.parse((await readBody(req)).toString() || '{}');
    const addr = req.socket.remoteAddress;
    const since = now() - 900;
    for (const key of [body.name, addr]) {
      const list = (failures.get(key) || []).filter((t) => t > since);
      failures.set(key, list);
      if (list.length >= 5) {
        return fail(res, 429, '登录失败次数过多，请稍后再试', { retry_after: list[0] + 900 - now() });
      }
    }
    const u = users.find((x) => x.name === body.name && x.password === body.password);
    if (!u) {
      for (const key of [body.name, addr]) failures.get(key).push(now());
      addAudit(body.name || '', '登录失败', body.name || '', '用户名或密码错误');
      return fail(res, 401, '用户名或密码错误');
    }
    const token = randomBytes(16).toString('hex');
    const s = { user: u, csrf: randomBytes(16).toString('hex') };
    sessions.set(token, s);
    addAudit(u.name, '登录', '', '');
    return send(res, 200, { user: publicUser(u), csrf: s.csrf },
      { 'Set-Cookie': `zwgk_session=${token}; HttpOnly; SameSite=Strict; Path=/` });
  }

  const s = sessionOf(req);
  if (!s) return fail(res, 401, '请先登录');
  const user = s.user;
  if (method !== 'GET' && req.headers['x-csrf-token'] !== s.csrf) return fail(res, 403, '安全校验失败，请刷新页面后重试');
  const admin = () => user.role === 'admin' || (fail(res, 403, '无权限：仅管理员可以执行此操作'), false);

  if (method === 'POST' && path === '/logout') {
    for (const [k, v] of sessions) if (v === s) sessions.delete(k);
    return send(res, 204, null, { 'Set-Cookie': 'zwgk_session=; Max-Age=0; Path=/' });
  }
  if (method === 'GET' && path === '/me') return send(res, 200, { user: publicUser(user), csrf: s.csrf });
  if (method === 'GET' && path === '/scheme') return send(res, 200, scheme);
  if (method === 'GET' && path === '/periods') return send(res, 200, periods);
  if (method === 'GET' && path === '/trends') return send(res, 200, trends());

  if (seg[0] === 'periods' && seg.length >= 3) {
    const id = seg[1];
    const period = periods.periods.find((p) => p.id === id);
    if (!period) return fail(res, 404, `没有季度“${id}”`);
    const result = results[id];
    const what = seg[2];
    if (method === 'GET' && what === 'files') return admin() && send(res, 200, { files: files[id] || [] });
    if (method === 'POST' && what === 'uploads') {
      if (!admin()) return;
      const mode = url.searchParams.get('mode');
      if (!['preview', 'commit'].includes(mode)) return fail(res, 400, 'mode 应为 preview 或 commit');
      const part = multipartFile(req.headers['content-type'], await readBody(req));
      if (!part) return fail(res, 400, '请求中没有文件（字段 file）');
      const r = checkUpload(id, part.filename, part.content);
      if (r.status) return fail(res, r.status, r.error);
      const errors = r.problems.filter((p) => p.severity === 'error');
      if (mode === 'preview') return send(res, 200, r);
      if (errors.length) return fail(res, 422, `数据有误（${errors.length}处），未保存`, { problems: r.problems });
      addFileVersion(id, r.file, part.content, user.name);
      addAudit(user.name, '上传文件', r.file, `${r.row_count}行`);
      return send(res, 200, { saved: true, ...r });
    }
    if (broken[id] && method === 'GET' && ['ranking', 'progress', 'units'].includes(what)) {
      return send(res, 422, broken[id]);
    }
    if (!result && what !== 'bulletin') return fail(res, 404, `${period.name}还没有数据`);
    if (method === 'GET' && what === 'ranking') return send(res, 200, rankingOf(result));
    if (method === 'GET' && what === 'progress') {
      const month = url.searchParams.get('month') || period.months[period.months.length - 1];
      if (!period.months.includes(month)) return fail(res, 400, `月份“${month}”不在${period.name}内`);
      return send(res, 200, progressOf(result, month));
    }
    if (method === 'GET' && what === 'units' && seg[3]) {
      const u = resolveUnit(seg[3]);
      if (!u) return fail(res, 404, `没有单位“${seg[3]}”${closest(seg[3], allNames()) ? `；是否指：${closest(seg[3], allNames())}？` : ''}`);
      if (user.role === 'unit' && u.name !== user.unit) return fail(res, 403, '无权查看其他单位的详情');
      const d = unitDetail(id, u.name);
      return d ? send(res, 200, d) : fail(res, 404, `${period.name}没有单位“${u.name}”的数据`);
    }
    if (method === 'POST' && what === 'findings') {
      if (!admin()) return;
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      const u = resolveUnit(body.unit);
      if (!u) {
        const guess = closest(body.unit || '', allNames());
        return fail(res, 422, `未知单位“${body.unit || ''}”${guess ? `；是否指：${guess}？` : ''}`);
      }
      const f = scheme.findings.find((x) => x.code === body.code);
      if (!f) return fail(res, 422, `未知问题类型“${body.code || ''}”，应为：${scheme.findings.map((x) => x.code).join('、')}`);
      const q = Number(body.quantity ?? 1);
      if (!Number.isInteger(q) || q < 1) return fail(res, 400, '数量应为正整数');
      const ru = result.units.find((x) => x.name === u.name);
      const line = 2 + result.units.reduce((a, x) => a + x.deductions.filter((d) => d.sources?.some((s2) => s2.file.endsWith('检查-在线录入.csv'))).length, 0);
      const at = ru.deductions.findIndex((d) => d.kind === 'quota');
      ru.deductions.splice(at < 0 ? ru.deductions.length : at, 0, { kind: 'finding', reason: f.reason,
        points: dec(num(f.points) * q), finding_type: f.code, quantity: q,
        sources: [{ file: `${id}/检查-在线录入.csv`, line }] });
      recomputeDeductions(ru);
      rerank(result);
      addFileVersion(id, `${id}/检查-在线录入.csv`, Buffer.from(`${u.name},${f.code},${q},${body.note || ''}`), user.name);
      addAudit(user.name, '录入检查问题', `${id}/检查-在线录入.csv`, `${u.name}：${f.code}×${q}${body.note ? `（${body.note}）` : ''}`);
      return send(res, 201, { unit: unitDetail(id, u.name).unit });
    }
    if (method === 'GET' && what === 'bulletin' && seg[3]) {
      const name = seg[3];
      const dir = process.env.ZWGK_BULLETIN_DIR;
      if (dir && existsSync(join(dir, name)) && !name.includes('/')) {
        addAudit(user.name, '生成通报', `${id}/${name}`, '');
        return attachment(res, name, mime[extname(name)] || 'application/octet-stream', readFileSync(join(dir, name)));
      }
      if (name === '通报.pdf') return fail(res, 503, '服务器上没有安装 LibreOffice，无法生成 PDF；请下载 通报.docx 后自行转换');
      if (!result) return fail(res, 422, `${period.name}的数据有误，无法生成通报`);
      if (name === '考核结果.json') return attachment(res, name, 'application/json', JSON.stringify(result, null, 2));
      if (name === '通报.html') return attachment(res, name, 'text/html; charset=utf-8', `<!doctype html><meta charset="utf-8"><title>模拟通报</title><h1>${period.name}通报（模拟）</h1>`);
      if (['通报.docx', '通报.xlsx'].includes(name)) return attachment(res, name, 'application/octet-stream', Buffer.from(`模拟的 ${name}`));
      return fail(res, 404, `没有文件“${name}”`);
    }
  }

  if (seg[0] === 'registry') {
    if (method === 'GET' && seg.length === 1) return send(res, 200, { units: registry });
    if (!admin()) return;
    const body = JSON.parse((await readBody(req)).toString() || '{}');
    const clean = {
      name: String(body.name || '').trim(), short_name: String(body.short_name || body.name || '').trim(),
      aliases: body.aliases || [], section: body.section, tags: body.tags || [], exemptions: body.exemptions || [],
      official_order: Number(body.official_order) || registry.length + 1,
    };
    if (!clean.name) return fail(res, 400, '单位名称不能为空');
    if (!scheme.sections.some((x) => x.code === clean.section)) {
      return fail(res, 422, `类别“${clean.section || ''}”不是考核方案中的分组，应为：${scheme.sections.map((x) => x.code).join('、')}`);
    }
    const target = seg[1] ? registry.find((u) => u.name === seg[1]) : null;
    if (seg[1] && !target) return fail(res, 404, `名录中没有单位“${seg[1]}”`);
    for (const n of [clean.name, clean.short_name, ...clean.aliases]) {
      const owner = resolveUnit(n);
      if (owner && owner !== target) return fail(res, 409, `名称“${n}”已属于单位“${owner.name}”；同一名称只能属于一个单位`);
    }
    if (method === 'POST' && seg.length === 1) {
      registry.push(clean);
      addAudit(user.name, '修改单位名录', clean.name, '新增单位');
      return send(res, 201, { unit: clean });
    }
    if (method === 'PUT' && target) {
      Object.assign(target, clean);
      addAudit(user.name, '修改单位名录', clean.name, seg[1] === clean.name ? '修改' : `原名：${seg[1]}`);
      return send(res, 200, { unit: target });
    }
  }

  if (path === '/users') {
    if (!admin()) return;
    if (method === 'GET') return send(res, 200, { users: users.map(publicUser) });
    if (method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString() || '{}');
      if (!body.name) return fail(res, 400, '用户名不能为空');
      if (users.some((u) => u.name === body.name)) return fail(res, 409, `用户“${body.name}”已存在`);
      if (!body.password || body.password.length < 8) return fail(res, 400, '密码至少8位');
      if (!roleTitle[body.role]) return fail(res, 400, '角色应为 admin、unit 或 viewer');
      let unit = '';
      if (body.role === 'unit') {
        const u = resolveUnit(body.unit);
        if (!u) return fail(res, 422, `未知单位“${body.unit || ''}”`);
        unit = u.name;
      }
      const nu = { name: body.name, password: body.password, role: body.role, unit };
      users.push(nu);
      addAudit(user.name, '新增用户', nu.name, roleTitle[nu.role]);
      return send(res, 201, { user: publicUser(nu) });
    }
  }

  if (method === 'GET' && path === '/audit') {
    if (!admin()) return;
    const before = Number(url.searchParams.get('before')) || Infinity;
    const limit = Math.min(500, Math.max(1, Number(url.searchParams.get('limit')) || 100));
    const older = audit.filter((e) => e.id < before).reverse();
    const entries = older.slice(0, limit);
    return send(res, 200, { entries, next_before: older.length > limit ? entries[entries.length - 1].id : null });
  }
  if (method === 'GET' && path === '/audit.csv') {
    if (!admin()) return;
    const q = (v) => `"${String(v).replace(/"/g, '""')}"`;
    const csv = '\uFEFF编号,时间,用户,操作,对象,详情\r\n' + audit.map((e) =>
      [e.id, new Date((e.at + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' '), e.user, e.action, e.target, e.detail]
        .map(q).join(',')).join('\r\n') + '\r\n';
    return attachment(res, '审计日志.csv', 'text/csv; charset=utf-8', csv);
  }
  fail(res, 404, `没有接口 ${method} ${url.pathname}`);
}

createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  try {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    if (url.pathname.startsWith('/api/v1/')) await api(req, res, url);
    else if (req.method === 'GET') serveStatic(req, res, url.pathname);
    else fail(res, 405, '不支持的方法');
  } catch (e) {
    if (e.status === 413) return fail(res, 413, '上传的文件过大');
    if (e instanceof SyntaxError) return fail(res, 400, '请求格式不对：' + e.message);
    console.error(e);
    fail(res, 500, '服务器内部错误');
  }
}).listen(port, '127.0.0.1', () => console.log(`mock zwgk serve: http://127.0.0.1:${port}/`));
