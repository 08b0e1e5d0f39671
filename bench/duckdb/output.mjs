// What the DuckDB baseline writes: the plain-text summary, the JSON line,
// and (with --totals-dir) totals-<period>.csv and meta.json in exactly the
// format of baseline_pandas.py, for bench/compare_totals.py.
import fs from 'node:fs';
import path from 'node:path';
import { formatPoints } from './scheme.mjs';
import { readRanks } from './rank.mjs';
import { rows } from './sql.mjs';

const POINT_FIELDS = ['total', 'publication', 'bonus', 'deduction', 'adoption_bonus'];

/** A CSV field quoted as Python's csv module does by default (QUOTE_MINIMAL). */
function csvField(value) {
  const text = String(value);
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes totals-<entry>.csv for the quarter kept in schema `schema`: one row
 * per unit in registry order with its points and, per table (scheme order),
 * seq, rank, seq_lo and seq_hi (empty when the table does not list it).
 */
async function writeQuarterTotals(conn, dir, { entry, schema, tableIds }) {
  const units = await rows(conn, `SELECT uid, name, ${POINT_FIELDS.join(', ')} FROM "${schema}".result ORDER BY uid`);
  const ranks = await readRanks(conn, schema);
  const header = ['unit', ...POINT_FIELDS];
  for (const id of tableIds) header.push(`${id}.seq`, `${id}.rank`, `${id}.seq_lo`, `${id}.seq_hi`);
  const lines = [header.map(csvField).join(',')];
  for (const u of units) {
    const fields = [u.name, ...POINT_FIELDS.map((f) => formatPoints(u[f]))];
    for (const id of tableIds) {
      const p = ranks.get(id)?.get(u.uid);
      fields.push(...(p ? [p.seq, p.rank, p.lo, p.hi] : ['', '', '', '']));
    }
    lines.push(fields.map(csvField).join(','));
  }
  fs.writeFileSync(path.join(dir, `totals-${entry}.csv`), `${lines.join('\n')}\n`);
}

/** Writes every kept quarter's totals and meta.json ({"name_order": ...}) into `dir`. */
export async function writeTotals(conn, dir, kept, nameOrder) {
  fs.mkdirSync(dir, { recursive: true });
  for (const q of kept) await writeQuarterTotals(conn, dir, q);
  fs.writeFileSync(path.join(dir, 'meta.json'), `{"name_order": ${JSON.stringify(nameOrder)}}`);
}

const pad = (v, n) => String(v).padStart(n);

/** Prints the per-quarter table and the totals line, like baseline_pandas.py. */
export function printSummary(header, runs, totals) {
  console.log(header);
  console.log(`${'period'.padEnd(8)} ${pad('units', 8)} ${pad('items', 10)} ${pad('submissions', 11)} ` +
    `${pad('load s', 9)} ${pad('assess s', 9)} ${pad('rows', 8)} ${pad('findings', 9)} ${pad('sum total', 10)}`);
  for (const r of runs) {
    console.log(`${r.period.padEnd(8)} ${pad(r.units, 8)} ${pad(r.published_items, 10)} ${pad(r.submissions, 11)} ` +
      `${pad(r.load_s.toFixed(3), 9)} ${pad(r.assess_s.toFixed(3), 9)} ${pad(r.table_rows, 8)} ` +
      `${pad(r.findings, 9)} ${pad(r.total_sum, 10)}`);
  }
  const { load, assess, wall, cpu, rssKb } = totals;
  console.log(`load ${load.toFixed(3)} s + assess ${assess.toFixed(3)} s; wall ${wall.toFixed(3)} s; ` +
    `cpu ${cpu.toFixed(3)} s; peak RSS ${(rssKb / 1024).toFixed(1)} MiB`);
}

/** Rounds seconds to four decimals, as the other tools' JSON lines do. */
export const round4 = (s) => Math.round(s * 1e4) / 1e4;
