"""The budget workbook opens in openpyxl (a reader nobody here wrote): its sheets are the
ones documented, its numbers are numbers, not text, and every value equals the results file
read with h5py. The wide spend CSV holds the same numbers as the workbook's spend sheet.

Run by ctest with Debian's /usr/bin/python3:
    test_workbook.py WFSIM SCENARIO
"""
import csv
import math
import os
import subprocess
import sys
import tempfile

import h5py
import openpyxl

SHEETS = ["Cover", "Spend", "Difference from base", "Payback", "Agency", "Targets",
          "All results"]
P10, MEDIAN, P90 = 1, 3, 5  # positions of the levels on the quantile axis


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def labels(group, axis):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in group[axis][()]]


def check_spend(book, f, strategies, years, categories):
    ws = book["Spend"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    k = 0
    for s in strategies:
        q = f["strategies"][s]["spend_by_financial_year_quantiles"][()]
        for c, category in enumerate(categories):
            row = rows[k]
            k += 1
            assert row[0] == s and row[1] == category, row[:2]
            for y in range(len(years)):
                for j, level in enumerate((P10, MEDIAN, P90)):
                    cell = row[2 + 3 * y + j]
                    assert isinstance(cell, (int, float)), (s, category, y, cell)
                    assert close(cell, q[c, level, y] / 1e6), (s, category, y, cell)
    return k


def check_agency(book, f, strategies, years, months):
    months_in_year = f["strategies"]["base"]["months_in_year"][()]
    ends = [int(sum(months_in_year[: y + 1])) - 1 for y in range(len(years))]
    rows = list(book["Agency"].iter_rows(min_row=3, values_only=True))
    k = 0
    for s in strategies:
        group = f["strategies"][s]
        fte = group["agency_fte_quantiles"][()]
        spend = group["spend_by_financial_year_quantiles"][()]
        agency = labels(group, "cost_category").index("agency")
        for y, year in enumerate(years):
            row = rows[k]
            k += 1
            assert row[0] == s and row[1] == year, row
            assert [close(row[2 + j], fte[-1, lv, ends[y]]) for j, lv in
                    enumerate((P10, MEDIAN, P90))] == [True] * 3, (row, months[ends[y]])
            assert close(row[5], spend[agency, MEDIAN, y] / 1e6)
            assert close(row[6], spend[agency, P90, y] / 1e6)


def check_targets(book, f, strategies, years):
    rows = list(book["Targets"].iter_rows(min_row=3, values_only=True))
    expected = []
    for s in strategies:
        group = f["strategies"][s]
        months_in_year = group["months_in_year"][()]
        ends = [int(sum(months_in_year[: y + 1])) - 1 for y in range(len(years))]
        months = labels(group, "month")
        if "targets_met_mean" in group:
            for k, name in enumerate(labels(group, "target")):
                for y in range(len(years)):
                    expected.append((s, name, months[ends[y]],
                                     group["targets_met_mean"][k, ends[y]]))
        if "targets_met_by_year_mean" in group:
            for k, name in enumerate(labels(group, "yearly_target")):
                for y, year in enumerate(years):
                    expected.append((s, name, year, group["targets_met_by_year_mean"][k, y]))
    assert len(rows) == len(expected) > 0, (len(rows), len(expected))
    for row, want in zip(rows, expected):
        assert row[:3] == want[:3], (row, want)
        assert close(row[3], want[3]), (row, want)


def check_long_table(book, wfsim, results, tmp):
    """The last sheet is the tidy export, value for value (the CSV adds comparisons after)."""
    tidy = os.path.join(tmp, "tidy.csv")
    subprocess.run([wfsim, "export", results, "-o", tidy], check=True, capture_output=True)
    with open(tidy, newline="") as handle:
        csv_rows = [r for r in csv.reader(handle)]
    sheet = list(book["All results"].iter_rows(values_only=True))
    assert list(sheet[0]) == csv_rows[0], sheet[0]
    numbers = 0
    for got, want in zip(sheet[1:], csv_rows[1:]):
        assert [g or "" for g in got[:5]] == want[:5], (got, want)
        if want[5] == "":
            assert got[5] is None, (got, want)
        else:
            assert isinstance(got[5], float) or isinstance(got[5], int), got
            assert close(got[5], float(want[5])), (got, want)
            numbers += 1
    # Every summary is there: the CSV's rows but for its comparisons, which come last.
    summaries = [r for r in csv_rows[1:]
                 if not r[1].startswith("difference:") and r[1] not in ("break_even", "payback")]
    assert len(sheet) - 1 == len(summaries), (len(sheet), len(summaries))
    assert numbers > 10000, numbers


def check_spend_csv(book, wfsim, results, tmp, strategies, categories, years):
    wide = os.path.join(tmp, "spend.csv")
    subprocess.run([wfsim, "export", results, "--spend", "-o", wide], check=True,
                   capture_output=True)
    with open(wide, newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["table", "strategy", "cost_category"]
    assert rows[0][3] == years[0] + " P10 GBP m" or "months" in rows[0][3], rows[0][3]
    spend = [r for r in rows[1:] if r[0] == "spend"]
    sheet = list(book["Spend"].iter_rows(min_row=4, values_only=True))
    assert len(spend) == len(strategies) * len(categories)
    for r, cells in zip(spend, sheet):
        assert r[1:3] == list(cells[:2])
        for text, cell in zip(r[3:], cells[2:]):
            assert math.isclose(float(text), cell, rel_tol=1e-9, abs_tol=1e-12), (r, cells)
    diffs = [r for r in rows[1:] if r[0] == "difference from base"]
    assert len(diffs) == (len(strategies) - 1) * len(categories)
    sheet = list(book["Difference from base"].iter_rows(min_row=4, values_only=True))
    for r, cells in zip(diffs, sheet):
        assert r[1:3] == list(cells[:2])
        for text, cell in zip(r[3:], cells[2:]):
            assert math.isclose(float(text), cell, rel_tol=1e-9, abs_tol=1e-12), (r, cells)


def main(wfsim, scenario):
    tmp = tempfile.mkdtemp()
    results = os.path.join(tmp, "run.h5")
    book_path = os.path.join(tmp, "run.xlsx")
    subprocess.run([wfsim, "run", scenario, "-n", "300", "-o", results, "-q"], check=True)
    done = subprocess.run([wfsim, "export", results, "--xlsx", "-o", book_path],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Workbook written to" in done.stdout
    book = openpyxl.load_workbook(book_path)
    assert book.sheetnames == SHEETS, book.sheetnames
    with h5py.File(results, "r") as f:
        base = f["strategies"]["base"]
        strategies = ["base"] + sorted(s for s in f["strategies"] if s != "base")
        years = labels(base, "financial_year")
        categories = labels(base, "cost_category")
        months = labels(base, "month")
        cover = {row[0]: row[1] for row in book["Cover"].iter_rows(values_only=True) if row[0]}
        assert cover["Replications"] == "300" and cover["Seed"] == str(f.attrs["seed"])
        assert cover["Scenario SHA-256"] == f.attrs["scenario_sha256"]
        assert cover["Price base"].startswith("cash")
        check_spend(book, f, strategies, years, categories)
        check_agency(book, f, strategies, years, months)
        check_targets(book, f, strategies, years)
        payback = list(book["Payback"].iter_rows(min_row=3, max_row=3, values_only=True))[0]
        assert payback[0] == strategies[1] and 0 <= payback[2] <= 1, payback
        assert all(isinstance(v, float) for v in payback[3:6]), payback
        assert payback[4] <= payback[3] <= payback[5], payback
    check_long_table(openpyxl.load_workbook(book_path, read_only=True), wfsim, results, tmp)
    check_spend_csv(book, wfsim, results, tmp, strategies, categories, years)

    # Refused before anything is written: two kinds at once (the workbook it would have
    # written is left as it was), or a workbook under a CSV name.
    before = os.stat(book_path).st_mtime_ns
    done = subprocess.run([wfsim, "export", results, "--xlsx", "--spend", "-o", book_path],
                          capture_output=True, text=True)
    assert done.returncode == 2, done.returncode
    assert os.stat(book_path).st_mtime_ns == before
    done = subprocess.run([wfsim, "export", results, "--xlsx", "-o", os.path.join(tmp, "x.csv")],
                          capture_output=True, text=True)
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert not os.path.exists(os.path.join(tmp, "x.csv"))
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main(*sys.argv[1:3])
