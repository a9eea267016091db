#!/usr/bin/env python3
"""A JMH JSON result file (-rf json -rff results.json) as a Markdown table: benchmark, parameters,
score with its error, and, when run with -prof gc, allocated bytes per operation.

    benchmarks/scripts/jmh-table.py results.json
"""
import json
import sys


def main(path):
    rows = json.load(open(path))
    print("| benchmark | params | ops/s | ± | B/op |")
    print("|---|---|---:|---:|---:|")
    for row in rows:
        name = row["benchmark"].split(".", 3)[-1].replace("benchmarks.", "")
        params = " ".join(f"{k}={v}" for k, v in (row.get("params") or {}).items())
        primary = row["primaryMetric"]
        error = primary.get("scoreError")
        error = "" if error is None or error != error else f"{error:,.0f}"
        alloc = row.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        alloc = "" if alloc is None else f"{alloc['score']:,.1f}"
        print(f"| {name} | {params} | {primary['score']:,.0f} | {error} | {alloc} |")


if __name__ == "__main__":
    main(sys.argv[1])
