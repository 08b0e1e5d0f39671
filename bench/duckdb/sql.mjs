// Small helpers around @duckdb/node-api: SQL quoting, running statements,
// reading results as plain JS values, CSV sources with explicit column
// types, and bulk appends.
import fs from 'node:fs';
import path from 'node:path';

/** Raised for invalid input data; the CLI prints its message and exits 1. */
export class InputError extends Error {}

/** A SQL string literal for `text`. */
export function lit(text) {
  return `'${String(text).replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier for `name`. */
export function ident(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

/** Runs one or more statements, discarding any result. */
export async function exec(conn, sql) {
  await conn.run(sql);
}

/** Rows of a query as objects of JS values (BIGINT/HUGEINT become bigint). */
export async function rows(conn, sql) {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS();
}

/** The first row of a query (undefined when it has none). */
export async function one(conn, sql) {
  return (await rows(conn, sql))[0];
}

// Python's str.isspace() characters, as a regular-expression class body
// (JS's \s differs: it includes U+FEFF and lacks U+001C..U+001F).
const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'gu');
export const PY_SPACE_RE = new RegExp(`[${PY_SPACE}]`, 'gu');

/** Python's str.strip(). */
export function pyStrip(text) {
  return text.replace(PY_STRIP, '');
}

/** A SQL expression that is Python's str.strip() of the VARCHAR `expr` (RE2 syntax). */
export function sqlStrip(expr) {
  const cls = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}' +
    '\\x{202f}\\x{205f}\\x{3000}';
  return `regexp_replace(${expr}, ${lit(`^[${cls}]+|[${cls}]+$`)}, '', 'g')`;
}

/** Splits one CSV line (no line breaks inside fields) into its fields. */
function splitCsvLine(line) {
  const fields = [];
  let field = '', quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
    else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) { fields.push(field); field = ''; }
    else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Column names of a UTF-8 CSV file's header line (a leading BOM is skipped). */
export function csvHeader(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    let text = buf.subarray(0, n).toString('utf8');
    if (text.startsWith('\uFEFF')) text = text.slice(1);
    const end = text.search(/\r?\n/u);
    return splitCsvLine(end < 0 ? text : text.slice(0, end));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A read_csv() table expression for `file` with every header column typed
 * explicitly: `required[name]` or `optional[name]` where given, VARCHAR
 * otherwise. Throws InputError if a column of `required` is missing.
 * Returns {sql, header}. Empty fields read as NULL.
 */
export function csvSource(file, required, optional = {}) {
  const header = csvHeader(file);
  for (const name of Object.keys(required)) {
    if (!header.includes(name)) throw new InputError(`${path.basename(file)}: no column ${name}`);
  }
  const types = { ...optional, ...required };
  const columns = header.map((h) => `${lit(h)}: ${lit(types[h] ?? 'VARCHAR')}`).join(', ');
  const sql = `read_csv(${lit(file)}, header = true, auto_detect = false, delim = ',', quote = '"', ` +
    `escape = '"', columns = {${columns}}, dateformat = '%Y-%m-%d', timestampformat = '%Y-%m-%d %H:%M')`;
  return { sql, header };
}

/**
 * A table expression of literal rows: `columns` is [[name, sqlType], ...],
 * `values` an array of rows (arrays of JS strings, numbers, booleans or
 * bigints). Works for zero rows too. For small tables only.
 */
export function valuesTable(columns, values) {
  const names = columns.map(([n]) => ident(n)).join(', ');
  const typed = (row) => row.map((v, i) => `${sqlValue(v)}::${columns[i][1]}`).join(', ');
  if (values.length === 0) {
    return `(SELECT ${columns.map(([n, t]) => `NULL::${t} AS ${ident(n)}`).join(', ')} WHERE false)`;
  }
  return `(SELECT * FROM (VALUES ${values.map((r) => `(${typed(r)})`).join(', ')}) AS v(${names}))`;
}

function sqlValue(v) {
  if (typeof v === 'string') return lit(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/**
 * Appends rows to the existing table `schema`.`table` with the appender API;
 * `kinds` names each column's append method: 'varchar', 'integer', 'bigint'
 * or 'boolean'.
 */
export async function appendRows(conn, schema, table, kinds, values) {
  const appender = await conn.createAppender(table, schema);
  const methods = { varchar: 'appendVarchar', integer: 'appendInteger', bigint: 'appendBigInt',
    boolean: 'appendBoolean' };
  for (const row of values) {
    kinds.forEach((kind, i) => appender[methods[kind]](row[i]));
    appender.endRow();
  }
  appender.closeSync();
}
