// Shared by the browser tests: running a command, starting `zwgk serve` on a
// free port and stopping it, and waiting for a number of elements.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';

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
