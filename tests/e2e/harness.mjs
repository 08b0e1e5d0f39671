// Shared by the browser tests: running a command, starting `zwgk serve` on a
// free port and stopping it, waiting for a number of elements, and a test
// file's whole workspace (openWorkspace: data, accounts, server, browser).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} → ${code}\n${out}`))));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startServer(zwgk, dir) {
  const port = await freePort();
  const proc = spawn(zwgk, ['serve', '--data', dir, '--host', '127.0.0.1', '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  let exited = null;
  proc.on('exit', (code, signal) => { exited = { code, signal }; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) throw new Error(`zwgk serve exited (${JSON.stringify(exited)}):\n${output}`);
    try {
      const res = await fetch(`${base}/api/v1/me`);
      // Ours once it has announced the address (another program may have taken the port).
      if (res.status === 401 && output.includes(`${base}/`)) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`zwgk serve did not answer on ${base} within 15 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, base, output: () => output, exited: () => exited };
}

export async function stopServer(s) {
  if (!s || s.exited()) return;
  const gone = new Promise((resolve) => s.proc.once('exit', resolve));
  s.proc.kill('SIGTERM');
  const timer = setTimeout(() => { if (!s.exited()) s.proc.kill('SIGKILL'); }, 5000);
  await gone;
  clearTimeout(timer);
}

export async function assertCount(locator, n) {
  const deadline = Date.now() + 10000;
  let got;
  while ((got = await locator.count()) !== n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(got, n);
}

// Adds the accounts `users` ({name: {password, role, unit}}) to the data
// directory `dir` and starts `zwgk serve` over it, trying again a few times
// (the free port may be taken by another program before zwgk binds it).
export async function serveWithUsers(zwgk, dir, users) {
  for (const [name, u] of Object.entries(users)) {
    await run(zwgk, ['user', 'add', '--data', dir, '--name', name, '--role', u.role,
      ...(u.unit ? ['--unit', u.unit] : [])], { ZWGK_PASSWORD: u.password });
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServer(zwgk, dir);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

// Logs in through the login page and waits for the shell.
export async function loginAs(page, base, name, password) {
  await page.goto(`${base}/#/login`);
  await page.locator('[data-testid="login-name"]').fill(name);
  await page.locator('[data-testid="login-password"]').fill(password);
  await page.locator('[data-testid="login-submit"]').click();
  await page.locator('[data-testid="current-user"]').waitFor();
}
// Waits until the page has loaded what it shows (no spinner left).
export async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  const deadline = Date.now() + 10000;
  while ((await page.locator('.loading').count()) > 0 && Date.now() < deadline) await page.waitForTimeout(50);
  await page.waitForTimeout(100);
}

// What axe must not find.
const FAILING_IMPACTS = new Set(['serious', 'critical']);

// The serious and critical violations axe-core (its file `axePath`) finds in the page as it is
// now, one line each. The page's context must bypass the Content-Security-Policy (bypassCSP).
export async function violations(axePath, page, label) {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.any?.[0]?.message ? `: ${n.any[0].message}` : ''}`) }));
  });
  return found.filter((v) => FAILING_IMPACTS.has(v.impact))
    .map((v) => `${label}: [${v.impact}] ${v.id} (${v.help}) at ${v.nodes.slice(0, 5).join(' | ')}` +
      (v.nodes.length > 5 ? ` …and ${v.nodes.length - 5} more` : ''));
}

// playwright-core from npm (tests/e2e/package-lock.json): {chromium} or, when
// it is not installed, {missing: the hint to give instead of an import error}.
export async function loadPlaywright() {
  try {
    const { chromium } = await import('playwright-core');
    return { chromium, missing: '' };
  } catch (e) {
    return { chromium: null, missing: `playwright-core is not installed in tests/e2e/node_modules (${e.code || e.message}): ` +
      'run scripts/bootstrap.sh (it runs `npm ci --prefix tests/e2e`)' };
  }
}

const examplesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

// One test file's workspace, opened in its before(): a copy of `example` (a folder of examples/, Linzi's by default,
// or an absolute path) in
// a fresh folder named `prefix…`, the accounts `users` (as serveWithUsers),
// `zwgk serve` over it (on the test clock `clock`, "2021-01-15 10:00", when
// given) and Debian's Chromium. ZWGK names the program, CHROMIUM the browser;
// close() in after() stops both and removes the folder (kept with ZWGK_E2E_KEEP).
export async function openWorkspace({ prefix, users, clock = '', example = 'linzi-2020q3' }) {
  const { chromium, missing } = await loadPlaywright();
  assert.ok(!missing, missing);
  const zwgkArg = process.env.ZWGK || process.argv[2] || '';
  assert.ok(zwgkArg, 'set ZWGK to the zwgk executable (or pass its path as the first argument)');
  const zwgk = path.resolve(zwgkArg);
  assert.ok(fs.existsSync(zwgk), `zwgk not found: ${zwgk}`);
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  assert.ok(fs.existsSync(chromiumPath), `Chromium not found: ${chromiumPath} (run scripts/bootstrap.sh)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(path.resolve(examplesDir, example), dataDir, { recursive: true });
  if (clock) process.env.ZWGK_CLOCK = clock;
  let server = null;
  try {
    server = await serveWithUsers(zwgk, dataDir, users);
  } finally {
    if (clock) delete process.env.ZWGK_CLOCK;
  }
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  return {
    zwgk, dataDir, server, browser, base: server.base,
    // A page in a context of its own (its own session), with the page's uncaught errors in page.jsErrors;
    // bypassCSP for axe-core (violations()).
    async newPage({ viewport = { width: 1366, height: 768 }, timeout = 15000, bypassCSP = false } = {}) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true,
        bypassCSP });
      context.setDefaultTimeout(timeout);
      const page = await context.newPage();
      page.jsErrors = [];
      page.on('pageerror', (e) => page.jsErrors.push(String(e)));
      return page;
    },
    async close() {
      await browser.close().catch(() => {});
      await stopServer(server);
      if (process.env.ZWGK_E2E_KEEP) console.log(`data directory kept: ${dataDir}`);
      else fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
