#!/usr/bin/python3
"""Print the financial-year view of a wfsim results file.

A small example of reading results without wfsim: h5py only. It refuses files of another
type or format version, as every reader of wfsim results should.

Usage: analysis/summarise.py RESULTS.h5 [--strategy NAME]
"""
import argparse
import sys

import h5py

FILE_TYPE = "wfsim results"
FORMAT_VERSION = 2


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def open_results(path):
    f = h5py.File(path, "r")
    if text(f.attrs.get("file_type", "")) != FILE_TYPE:
        sys.exit(f"{path}: not a wfsim results file")
    version = int(f.attrs.get("format_version", -1))
    if version != FORMAT_VERSION:
        sys.exit(f"{path}: results format version {version}; this script reads version "
                 f"{FORMAT_VERSION}")
    return f


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="results file written by wfsim run")
    parser.add_argument("--strategy", default="base", help="strategy group (default: base)")
    args = parser.parse_args()

    f = open_results(args.results)
    g = f["strategies"][args.strategy]
    years = [text(y) for y in g["financial_year"][:]]
    categories = [text(c) for c in g["cost_category"][:]]
    levels = list(g["quantile"][:])
    q = g["spend_by_financial_year_quantiles"]
    months_in_year = list(g["months_in_year"][:])
    if len(months_in_year) != len(years) or q.shape != (len(categories), len(levels), len(years)):
        sys.exit(f"{args.results}: damaged results file: spend_by_financial_year_quantiles "
                 f"does not match its axes")
    p10, p50, p90 = (levels.index(p) for p in (0.1, 0.5, 0.9))

    print(f"{text(f.attrs['scenario_name'])}: {int(f.attrs['replications'])} replications, "
          f"seed {int(f.attrs['seed'])}, scenario sha256 {text(f.attrs['scenario_sha256'])[:12]}")
    print("Spend by financial year, GBP million: median (P10-P90)")
    print("  year     " + "".join(f"{c:>26}" for c in categories))
    for y, year in enumerate(years):
        cells = [f"{q[c, p50, y] / 1e6:.2f} ({q[c, p10, y] / 1e6:.2f}-{q[c, p90, y] / 1e6:.2f})"
                 for c in range(len(categories))]
        mark = "*" if months_in_year[y] < 12 else " "
        print(f"  {year}{mark} " + "".join(f"{cell:>26}" for cell in cells))
    if any(m < 12 for m in months_in_year):
        print("  * part of a financial year: spend covers only its months within the horizon")


if __name__ == "__main__":
    main()
