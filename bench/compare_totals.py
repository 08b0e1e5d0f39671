#!/usr/bin/python3
"""Checks that zwgk and the pandas baseline computed the same quarter.

    compare_totals.py ZWGK_RESULT_JSON PANDAS_TOTALS_CSV [PANDAS_META_JSON]

ZWGK_RESULT_JSON is the 考核结果.json that `zwgk report` writes (schema
zwgk.result); PANDAS_TOTALS_CSV is a totals-<period>.csv of
baseline_pandas.py --totals-dir. Compared per unit (by official name): the
total (合计) and its parts (累计得分, 加分, 减分, adoption bonus), exactly as
decimals; in every table, whether the unit appears and its rank (competition
rank on the table's first key), and its position (序号): exactly when the
baseline sorted names with ICU; with the byte-order fallback, the position
must lie within the block of rows tied with it on every key before the name
key, since only the order inside such a block depends on the collation.

Prints a summary and, as the last line, one JSON object; exits 1 on any
difference.
"""
import csv
import decimal
import json
import sys


def main():
    zwgk_path, pandas_path = sys.argv[1], sys.argv[2]
    meta = {}
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            meta = json.load(f)
    with open(zwgk_path, encoding="utf-8") as f:
        z = json.load(f)
    if z.get("schema") != "zwgk.result":
        sys.exit(f"{zwgk_path}: not a zwgk.result document")
    with open(pandas_path, encoding="utf-8", newline="") as f:
        p = {row["unit"]: row for row in csv.DictReader(f)}

    fields = ("total", "publication", "bonus", "deduction", "adoption_bonus")
    problems = []
    zunits = {u["name"]: u for u in z["units"]}
    if set(zunits) != set(p):
        problems.append(f"unit sets differ: {len(set(zunits) ^ set(p))} names in only one")
    total_mismatches = 0
    for name, u in zunits.items():
        row = p.get(name)
        if row is None:
            continue
        for field in fields:
            if decimal.Decimal(u[field]) != decimal.Decimal(row[field]):
                if field == "total":
                    total_mismatches += 1
                if len(problems) < 20:
                    problems.append(f"{name}: {field} zwgk {u[field]} pandas {row[field]}")

    compare_seq = meta.get("name_order") == "icu"
    rank_mismatches = seq_mismatches = 0
    table_rows = 0
    for table in z["tables"]:
        tid = table["id"]
        placed = {r["unit"]: r for r in table["rows"]}
        table_rows += len(placed)
        for name, row in p.items():
            want = placed.get(name)
            got_rank = row.get(f"{tid}.rank", "")
            if (want is None) != (got_rank == ""):
                rank_mismatches += 1
                if len(problems) < 20:
                    problems.append(f"{tid}: {name} listed by only one side")
                continue
            if want is None:
                continue
            if int(got_rank) != want["rank"]:
                rank_mismatches += 1
                if len(problems) < 20:
                    problems.append(f"{tid}: {name} rank zwgk {want['rank']} pandas {got_rank}")
            lo, hi = int(row[f"{tid}.seq_lo"]), int(row[f"{tid}.seq_hi"])
            if compare_seq:
                bad = int(row[f"{tid}.seq"]) != want["seq"]
            else:
                bad = not lo <= want["seq"] <= hi
            if bad:
                seq_mismatches += 1
                if len(problems) < 20:
                    problems.append(f"{tid}: {name} seq zwgk {want['seq']} pandas {row[f'{tid}.seq']} "
                                    f"(block {lo}-{hi})")

    ok = not problems
    total_sum = f'{sum(decimal.Decimal(u["total"]) for u in z["units"]).normalize():f}'
    print(f"compared {z['period']['id']}: {len(zunits)} units, {table_rows} table rows; "
          f"totals {'equal' if total_mismatches == 0 and set(zunits) == set(p) else 'DIFFER'} "
          f"(sum {total_sum}); ranks {'equal' if rank_mismatches == 0 else 'DIFFER'}; "
          f"row order {'equal' if seq_mismatches == 0 else 'DIFFERS'}"
          f"{'' if compare_seq else ' up to the order of names within tied blocks (no PyICU)'}")
    for line in problems:
        print("  " + line)
    print(json.dumps({"period": z["period"]["id"], "units": len(zunits), "table_rows": table_rows,
                      "total_sum": str(total_sum), "totals_equal": total_mismatches == 0 and set(zunits) == set(p),
                      "total_mismatches": total_mismatches, "ranks_equal": rank_mismatches == 0,
                      "seq_compared": "exact" if compare_seq else "blocks", "seq_equal": seq_mismatches == 0,
                      "ok": ok}, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
