// Loading one quarter (the "load" phase): scheme, registry and the quarter's
// CSV files into DuckDB tables of a schema of its own, with unit names
// resolved to uids and dates turned into months of the quarter (0..2).
import fs from 'node:fs';
import path from 'node:path';
import { createSchemeTables, loadScheme } from './scheme.mjs';
import { NO, YES, createRegistryTables, fold, readRegistry, resolveSpellings } from './names.mjs';
import { InputError, csvSource, exec, ident, lit, one, pyStrip, rows, sqlStrip, valuesTable } from './sql.mjs';

const KINDS = [['网站发布', 'published'], ['投稿', 'submissions'], ['采用', 'adoptions'], ['检查', 'findings']];

// The input tables every quarter has (possibly empty). published.seq keeps
// the rows' order in the files: the first row of a duplicate URL counts.
const INPUT_TABLES = `
  CREATE TABLE published (uid INTEGER, mi INTEGER, url VARCHAR, seq BIGINT);
  CREATE TABLE submissions (uid INTEGER, mi INTEGER, title VARCHAR, received TIMESTAMP, chars BIGINT,
                            pictures BIGINT, on_topic BOOLEAN);
  CREATE TABLE adoptions (uid INTEGER, level INTEGER, title VARCHAR, mi INTEGER);
  CREATE TABLE findings (uid INTEGER, type INTEGER, note VARCHAR, quantity BIGINT);`;

/** The month index of a DATE/TIMESTAMP expression, relative to the quarter's first month. */
const monthOf = (expr, first) => `(year(${expr}) * 12 + month(${expr}) - 1 - ${first})`;

/** Files of a quarter folder, in Python's sorted() order, with their kind. */
function quarterFiles(qdir) {
  const names = fs.readdirSync(qdir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const out = [];
  for (const fname of names) {
    const kind = KINDS.find(([prefix]) => fname.startsWith(prefix))?.[1];
    const file = path.join(qdir, fname);
    if (kind && fname.toLowerCase().endsWith('.csv') && fs.statSync(file).isFile()) out.push({ fname, file, kind });
  }
  return out;
}

/** Throws InputError unless every raw.mi is a month of the quarter. */
async function checkMonths(conn, fname) {
  const r = await one(conn, 'SELECT count(*) FILTER (WHERE mi IS NULL OR mi NOT BETWEEN 0 AND 2) AS bad FROM raw');
  if (r.bad > 0n) throw new InputError(`${fname}: dates outside the quarter`);
}

/**
 * A table expression mapping each distinct value of raw.`column` through
 * `fn` (JS; -1 or undefined = invalid, reported with `what`) to `type`.
 */
async function mapDistinct(conn, column, type, fn, what) {
  const values = (await rows(conn, `SELECT DISTINCT ${column} AS v FROM raw ORDER BY v`)).map(({ v }) => v);
  const mapped = values.map((v) => [v, fn(v)]);
  const bad = mapped.filter(([, m]) => m === undefined || m === -1).map(([v]) => v);
  if (bad.length) throw new InputError(`${what} ${JSON.stringify(bad.slice(0, 5))}`);
  return valuesTable([['v', 'VARCHAR'], ['m', type]], mapped);
}

const LOADERS = {
  async published(ctx, { file, fname }, fileNo) {
    const { sql } = csvSource(file, { 单位: 'VARCHAR', 发布日期: 'DATE', 链接: 'VARCHAR' });
    await exec(ctx.conn, `CREATE TABLE raw AS SELECT coalesce(单位, '') AS unit,
      ${monthOf('发布日期', ctx.first)} AS mi, coalesce(链接, '') AS url FROM ${sql}`);
    await checkMonths(ctx.conn, fname);
    await resolveSpellings(ctx.conn, ctx.schema, ctx.reg, 'raw', 'unit', fname);
    await exec(ctx.conn, `INSERT INTO published SELECT s.uid, r.mi, r.url, ${fileNo} * 4294967296 + r.rowid
      FROM raw r JOIN spelling s ON s.spelling = r.unit`);
  },

  async submissions(ctx, { file, fname }) {
    const { sql } = csvSource(file, { 单位: 'VARCHAR', 标题: 'VARCHAR', 收到时间: 'TIMESTAMP', 字数: 'BIGINT',
      图片数: 'BIGINT', 是否切题: 'VARCHAR' });
    await exec(ctx.conn, `CREATE TABLE raw AS SELECT coalesce(单位, '') AS unit, coalesce(标题, '') AS title,
      收到时间 AS received, ${monthOf('收到时间', ctx.first)} AS mi, 字数 AS chars, 图片数 AS pictures,
      coalesce(是否切题, '') AS topic FROM ${sql}`);
    await checkMonths(ctx.conn, fname);
    const missing = await one(ctx.conn, 'SELECT count(*) FILTER (WHERE chars IS NULL OR pictures IS NULL) AS n FROM raw');
    if (missing.n > 0n) throw new InputError(`${fname}: 字数 or 图片数 missing`);
    await resolveSpellings(ctx.conn, ctx.schema, ctx.reg, 'raw', 'unit', fname);
    // 是否切题: blank or a yes-word counts as on topic; anything else but a no-word is an error.
    const topics = await mapDistinct(ctx.conn, 'topic', 'BOOLEAN', (v) => {
      const t = pyStrip(v);
      if (t && !YES.has(t) && !NO.has(t)) return undefined;
      return !t || YES.has(t);
    }, `${fname}: 是否切题`);
    await exec(ctx.conn, `INSERT INTO submissions SELECT s.uid, r.mi, r.title, r.received, r.chars, r.pictures, t.m
      FROM raw r JOIN spelling s ON s.spelling = r.unit JOIN ${topics} t ON t.v = r.topic`);
  },

  async adoptions(ctx, { file, fname }) {
    const { sql } = csvSource(file, { 单位: 'VARCHAR', 标题: 'VARCHAR', 级别: 'VARCHAR', 采用日期: 'DATE' });
    await exec(ctx.conn, `CREATE TABLE raw AS SELECT coalesce(单位, '') AS unit, coalesce(标题, '') AS title,
      coalesce(级别, '') AS level, ${monthOf('采用日期', ctx.first)} AS mi FROM ${sql}`);
    await checkMonths(ctx.conn, fname);
    await resolveSpellings(ctx.conn, ctx.schema, ctx.reg, 'raw', 'unit', fname);
    const codes = new Map();
    ctx.scheme.levels.forEach((l, i) => codes.set(fold(l.code), i));
    ctx.scheme.levels.forEach((l, i) => codes.set(fold(`${l.code}采用`), i));
    const levels = await mapDistinct(ctx.conn, 'level', 'INTEGER', (v) => codes.get(fold(v)),
      `${fname}: unknown adoption level`);
    await exec(ctx.conn, `INSERT INTO adoptions SELECT s.uid, l.m, r.title, r.mi
      FROM raw r JOIN spelling s ON s.spelling = r.unit JOIN ${levels} l ON l.v = r.level`);
  },

  async findings(ctx, { file, fname }) {
    const { sql, header } = csvSource(file, { 单位: 'VARCHAR', 问题类型: 'VARCHAR' }, { 数量: 'BIGINT' });
    const note = header.includes('说明') ? sqlStrip('coalesce(说明, \'\')') : "''";
    const quantity = header.includes('数量') ? 'coalesce(数量, 1)' : '1';
    await exec(ctx.conn, `CREATE TABLE raw AS SELECT coalesce(单位, '') AS unit, coalesce(问题类型, '') AS type,
      ${note} AS note, ${quantity} AS quantity FROM ${sql}`);
    await resolveSpellings(ctx.conn, ctx.schema, ctx.reg, 'raw', 'unit', fname);
    const types = new Map();
    ctx.scheme.findings.forEach((f, i) => {
      if (!types.has(fold(f.code))) types.set(fold(f.code), i);
      if (!types.has(fold(f.reason))) types.set(fold(f.reason), i);
    });
    const typeMap = await mapDistinct(ctx.conn, 'type', 'INTEGER', (v) => types.get(fold(v)),
      `${fname}: unknown finding type`);
    await exec(ctx.conn, `INSERT INTO findings SELECT s.uid, t.m, r.note, r.quantity
      FROM raw r JOIN spelling s ON s.spelling = r.unit JOIN ${typeMap} t ON t.v = r.type`);
  },
};

/**
 * Loads the quarter folder `entry` of `dataDir` into a new schema named
 * after it and makes that schema current. Returns the context the assess
 * phase needs: {conn, schema, scheme, reg, first, counts}.
 */
export async function loadQuarter(conn, dataDir, entry, year, quarter) {
  const schema = `q${entry}`;
  await exec(conn, `CREATE SCHEMA ${ident(schema)}; SET schema = ${lit(schema)};`);
  const scheme = loadScheme(path.join(dataDir, '考核方案.toml'));
  const first = year * 12 + (quarter - 1) * 3;
  await createSchemeTables(conn, scheme, first);
  const reg = await readRegistry(conn, path.join(dataDir, '单位名录.csv'), scheme);
  await createRegistryTables(conn, schema, reg);
  await exec(conn, INPUT_TABLES);
  const ctx = { conn, schema, scheme, reg, first };
  const files = quarterFiles(path.join(dataDir, entry));
  for (const [i, f] of files.entries()) {
    await LOADERS[f.kind](ctx, f, i);
    await exec(conn, 'DROP TABLE raw');
  }
  return ctx;
}
