// The unit registry (单位名录.csv) and name resolution, as in
// baseline_pandas.py's Registry: a name is looked up as written, then
// stripped, then in its folded spelling (NFKC, no white space). DuckDB has
// no NFKC normalization, so folding happens here in JS, once per distinct
// spelling; the mapping goes into a table that the bulk data is joined to.
import path from 'node:path';
import { InputError, PY_SPACE_RE, appendRows, csvSource, exec, pyStrip, rows } from './sql.mjs';

export const YES = new Set(['是', 'Y', 'y', 'yes', 'YES', '1', 'true', 'TRUE', '√', '✓']);
export const NO = new Set(['否', 'N', 'n', 'no', 'NO', '0', 'false', 'FALSE', '×', '✗']);
const LIST_SEPARATORS = /[、，,；;／/| \u3000]/u;

/** baseline_pandas.py's fold(): NFKC of the stripped name, white space removed. */
export function fold(name) {
  return pyStrip(name).normalize('NFKC').replace(PY_SPACE_RE, '');
}

/** baseline_pandas.py's split_list(): items of a 、/，/;/space-separated list. */
export function splitList(text) {
  return text.split(LIST_SEPARATORS).map(pyStrip).filter((t) => t !== '');
}

/** Reads the registry's rows (all columns as text, empty fields as ''). */
async function readRegistryRows(conn, file) {
  const { sql, header } = csvSource(file, { 单位名称: 'VARCHAR', 类别: 'VARCHAR' });
  const cols = header.map((h) => `coalesce("${h.replaceAll('"', '""')}", '') AS "${h.replaceAll('"', '""')}"`);
  return { header, data: await rows(conn, `SELECT ${cols.join(', ')} FROM ${sql}`) };
}

/**
 * The registry of `file` under `scheme`: per unit (uid = row index) name,
 * short ('' if none or equal to the name), section, tags (Set), exempt,
 * order (序号, or the row number); plus the exact and folded name maps.
 * Throws InputError when two units share a (folded) name.
 */
export async function readRegistry(conn, file, scheme) {
  const { header, data } = await readRegistryRows(conn, file);
  const has = (c) => header.includes(c);
  const reg = { n: data.length, name: [], short: [], section: [], tags: [], exempt: [], order: [],
    exact: new Map(), folded: new Map() };
  data.forEach((r, i) => {
    const name = pyStrip(r['单位名称']);
    const written = has('简称') ? pyStrip(r['简称']) : '';
    const short = written === name ? '' : written;
    reg.name.push(name);
    reg.short.push(short);
    reg.section.push(pyStrip(r['类别']));
    const tags = new Set(has('标签') ? splitList(r['标签']) : []);
    if (has('示范点') && YES.has(pyStrip(r['示范点']))) tags.add('示范点');
    reg.tags.push(tags);
    const exempt = has('免考核') ? splitList(r['免考核']) : [];
    reg.exempt.push(Boolean(scheme.exemption) && exempt.includes(scheme.exemption));
    reg.order.push(has('序号') ? parseOrder(r['序号'], file) : BigInt(i + 1));
    const aliases = has('别名') ? splitList(r['别名']) : [];
    for (const nm of [name, short, ...aliases]) addName(reg, nm, i);
  });
  return reg;
}

function parseOrder(text, file) {
  const t = pyStrip(text);
  if (!/^[+-]?\d+$/u.test(t)) throw new InputError(`${path.basename(file)}: 序号 ${text}`);
  return BigInt(t);
}

function addName(reg, nm, i) {
  if (!nm) return;
  const key = fold(nm);
  const owner = reg.folded.get(key);
  if (owner !== undefined && owner !== i) throw new InputError(`单位名录: name ${nm} belongs to two units`);
  reg.exact.set(nm, i);
  reg.folded.set(key, i);
}

/** The uid of a spelling, or -1: as written, stripped, then folded. */
export function lookup(reg, spelling) {
  return reg.exact.get(spelling) ?? reg.exact.get(pyStrip(spelling)) ?? reg.folded.get(fold(spelling)) ?? -1;
}

/**
 * Creates in the current schema `schema`:
 *   units(uid, name, short, section, official_order, exempt)
 *   unit_tags(uid, tag)
 *   spelling(spelling, uid)   -- filled by resolveSpellings()
 */
export async function createRegistryTables(conn, schema, reg) {
  await exec(conn, `
    CREATE TABLE units (uid INTEGER, name VARCHAR, short VARCHAR, section VARCHAR, official_order BIGINT,
                        exempt BOOLEAN);
    CREATE TABLE unit_tags (uid INTEGER, tag VARCHAR);
    CREATE TABLE spelling (spelling VARCHAR, uid INTEGER);`);
  const units = reg.name.map((name, i) => [i, name, reg.short[i], reg.section[i], reg.order[i], reg.exempt[i]]);
  await appendRows(conn, schema, 'units', ['integer', 'varchar', 'varchar', 'varchar', 'bigint', 'boolean'], units);
  const tags = reg.tags.flatMap((set, i) => [...set].map((tag) => [i, tag]));
  await appendRows(conn, schema, 'unit_tags', ['integer', 'varchar'], tags);
}

/**
 * Adds to `spelling` every value of column `column` of table `table` that
 * is not in it yet, with its uid; throws InputError (naming `what`) if a
 * spelling is no unit's.
 */
export async function resolveSpellings(conn, schema, reg, table, column, what) {
  const fresh = await rows(conn, `SELECT DISTINCT t.${column} AS s FROM ${table} t
    ANTI JOIN spelling p ON p.spelling = t.${column} ORDER BY s`);
  const mapped = fresh.map(({ s }) => [s, lookup(reg, s)]);
  const unknown = mapped.filter(([, uid]) => uid < 0).map(([s]) => s);
  if (unknown.length) throw new InputError(`${what}: unknown units ${JSON.stringify(unknown.slice(0, 5))}`);
  await appendRows(conn, schema, 'spelling', ['varchar', 'integer'], mapped);
}
