"""Readers nobody here wrote (h5py, and xarray through h5netcdf) open a wfsim results file.

Run by ctest with Debian's /usr/bin/python3:
    test_python_readers.py WFSIM SCENARIO SUMMARISE_SCRIPT CALIBRATED_SCENARIO DFE_FILE
"""
import csv
import hashlib
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import xarray as xr

LEVELS = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]
MEASURES = ["inpost_fte", "starters_fte", "leavers_fte", "turnover_rate_fte", "agency_fte",
            "agency_rate_fte", "vacancy_fte", "vacancy_rate_fte", "case_holders_fte", "cases",
            "caseload_fte"]


def published(dfe_file, code, last_year):
    """A council's rows of the DfE file up to `last_year`: {year: {measure: value or nan}}."""
    rows = {}
    with open(dfe_file, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["new_la_code"] == code and int(row["time_period"]) <= last_year:
                figures = {}
                for m in MEASURES:
                    try:
                        figures[m] = float(row[m])
                    except ValueError:  # blank or a marker of a figure not published
                        figures[m] = float("nan")
                rows[int(row["time_period"])] = figures
    return rows


def check_history(wfsim, calibrated, dfe_file, tmp):
    """A calibrated run keeps the council's published figures in /history, as the DfE file
    has them, readable by h5py and xarray."""
    out = os.path.join(tmp, "calibrated.h5")
    subprocess.run([wfsim, "run", calibrated, "-n", "50", "-o", out, "-q"], check=True)
    with h5py.File(out, "r") as f:
        g = f["history"]
        assert g.attrs["area"] == "Knowsley" and g.attrs["code"] == "E08000011", dict(g.attrs)
        assert g.attrs["source"].endswith("csww_indicators_2017_to_2021.csv")
        assert g.attrs["snapshot_month"] == 9
        assert set(g) == {"year", *MEASURES}, set(g)
        expected = published(dfe_file, "E08000011", 2021)
        assert list(g["year"][:]) == sorted(expected), g["year"][:]
        for m in MEASURES:
            assert [d.label for d in g[m].dims] == ["year"], m
            got = g[m][:]
            want = np.array([expected[y][m] for y in sorted(expected)])
            assert np.array_equal(got, want, equal_nan=True), (m, got, want)
        assert g["turnover_rate_fte"].attrs["units"] == "percent"
    ds = xr.open_dataset(out, engine="h5netcdf", group="history")
    assert ds["inpost_fte"].dims == ("year",)
    assert float(ds["inpost_fte"].sel(year=2019)) == 122.0
    ds.close()


def main(wfsim, scenario, summarise, calibrated, dfe_file):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.h5")
        subprocess.run([wfsim, "run", scenario, "-n", "3000", "-o", out, "-q"], check=True)

        with h5py.File(out, "r") as f:
            assert f.attrs["file_type"] == "wfsim results", f.attrs["file_type"]
            assert f.attrs["format_version"] == 2
            with open(scenario, "rb") as s:
                text = s.read()
            assert f.attrs["scenario_sha256"] == hashlib.sha256(text).hexdigest()
            assert f.attrs["scenario_yaml"] == text.decode()
            assert f.attrs["replications"] == 3000
            for key in ("engine_version", "git_commit", "seed", "command_line", "created_utc"):
                assert key in f.attrs, key
            assert "history" not in f  # a scenario without one

            assert f.attrs["strategies"] == "base,grow_our_own", f.attrs["strategies"]
            assert set(f["strategies"]) == {"base", "grow_our_own"}
            assert f["strategies/grow_our_own"].attrs["description"].startswith("15 ASYE")
            # The uncertain turnover is drawn once per replication and recorded.
            drawn = f["strategies/base/parameters"]
            assert [d.label for d in drawn.dims] == ["parameter", "replication"]
            labels = [p.decode() for p in f["strategies/base/parameter"][:]]
            turnover = labels.index("stages.social_worker.turnover_rate")
            assert drawn.shape == (len(labels), 3000)
            assert abs(drawn[turnover].mean() - 0.17) < 4 * 0.02 / 3000 ** 0.5
            g = f["strategies/base"]
            assert list(g["quantile"][:]) == LEVELS
            q = g["headcount_quantiles"]
            assert [d.label for d in q.dims] == ["stage", "quantile", "month"], [d.label for d in q.dims]
            assert q.dims[2][0].name.endswith("/month")
            assert g["headcount"].shape == (5, 3000, 60)
            assert g["month"][0].decode() == "2023-04"
            assert g["cost"].attrs["units"] == "GBP"
            assert g["cost"].attrs["price_base"] == "cash"

            # Quantiles of whole-number results are exact; others within one bin (1/512 of the range).
            traj = g["headcount"][:]
            assert np.array_equal(np.quantile(traj, LEVELS, axis=1).transpose(1, 0, 2), q[:])
            cost = g["cost"][:]
            ref = np.quantile(cost, LEVELS, axis=1).transpose(1, 0, 2)
            span = (cost.max(axis=1) - cost.min(axis=1))[:, None, :]
            assert np.all(np.abs(ref - g["cost_quantiles"][:]) <= span / 512 + 1e-6)
            assert np.allclose(g["cost_mean"][:], cost.mean(axis=1), rtol=1e-12)

        ds = xr.open_dataset(out, engine="h5netcdf", group="strategies/base")
        assert ds["headcount_quantiles"].dims == ("stage", "quantile", "month")
        assert ds["spend_by_financial_year_mean"].dims == ("cost_category", "financial_year")
        median = ds["agency_fte_quantiles"].sel(group="all", quantile=0.5)
        assert median.sizes["month"] == 60
        assert list(ds["financial_year"].values[:2]) == ["2023/24", "2024/25"]
        # Monthly and yearly targets each have an axis of their own, with their own names.
        assert ds["targets_met_mean"].dims == ("target", "month")
        assert list(ds["target"].values) == ["permanence_85"]
        assert ds["targets_met_by_year_mean"].dims == ("yearly_target", "financial_year")
        assert list(ds["yearly_target"].values) == ["turnover_12"]
        ds.close()

        # Same seed: byte-identical datasets whatever the thread count; another seed differs.
        def run(name, *extra):
            path = os.path.join(tmp, name)
            subprocess.run([wfsim, "run", scenario, "-n", "1500", "-o", path, "-q", *extra],
                           check=True)
            return path

        def datasets(path):
            found = {}

            def keep(name, obj):
                if isinstance(obj, h5py.Dataset):
                    value = obj[()]
                    # Numbers as raw bytes; text (object arrays) as its values.
                    found[name] = value.tolist() if value.dtype.kind == "O" else value.tobytes()

            with h5py.File(path, "r") as f:
                f.visititems(keep)
            return found

        one = datasets(run("t1.h5", "--threads", "1"))
        two = datasets(run("t2.h5", "--threads", "2"))
        assert len(one) > 60 and one.keys() == two.keys()
        assert all(one[k] == two[k] for k in one), [k for k in one if one[k] != two[k]]
        other = datasets(run("s2.h5", "--threads", "2", "--seed", "2"))
        assert other["strategies/base/headcount"] != one["strategies/base/headcount"]

        # Both strategies open in xarray with the same named dimensions.
        for name in ("base", "grow_our_own"):
            ds = xr.open_dataset(os.path.join(tmp, "t1.h5"), engine="h5netcdf",
                                 group="strategies/" + name)
            assert ds["agency_fte_quantiles"].dims == ("group", "quantile", "month")
            ds.close()

        # The tidy CSV export opens with Python's csv module and holds the file's numbers.
        subprocess.run([wfsim, "export", out, "-o", os.path.join(tmp, "out.csv")], check=True)
        with open(os.path.join(tmp, "out.csv"), newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert set(rows[0]) == {"strategy", "metric", "category", "period", "statistic",
                                "value", "units", "part_year"}
        turnover = [r for r in rows if r["metric"] == "targets_met_by_year"]
        assert turnover and {r["category"] for r in turnover} == {"turnover_12"}, turnover[:3]
        wanted = [r for r in rows if r["strategy"] == "base" and r["metric"] == "headcount"
                  and r["category"] == "asye" and r["period"] == "2024-03"
                  and r["statistic"] == "p50"]
        with h5py.File(out, "r") as f:
            stage = [s.decode() for s in f["strategies/base/stage"][:]].index("asye")
            assert float(wanted[0]["value"]) == f["strategies/base/headcount_quantiles"][stage, 3, 11]

        # Our own analysis script reads the file, and refuses another format version.
        shown = subprocess.run([sys.executable, summarise, out], check=True,
                               capture_output=True, text=True).stdout
        assert "2023/24" in shown and "Spend by financial year" in shown, shown
        assert "*" not in shown, shown  # 60 months from April: whole years only

        # A horizon that cuts a financial year short says so in the script and the CSV.
        short = os.path.join(tmp, "short.h5")
        subprocess.run([wfsim, "run", scenario, "-n", "200", "--horizon", "30", "-o", short, "-q"],
                       check=True)
        shown = subprocess.run([sys.executable, summarise, short], check=True,
                               capture_output=True, text=True).stdout
        assert "2025/26*" in shown and "part of a financial year" in shown, shown
        subprocess.run([wfsim, "export", short, "-o", os.path.join(tmp, "short.csv")], check=True)
        with open(os.path.join(tmp, "short.csv"), newline="") as handle:
            yearly = [r for r in csv.DictReader(handle) if r["metric"] == "spend_by_financial_year"]
        assert {r["period"] for r in yearly if r["part_year"] == "yes"} == {"2025/26"}
        with h5py.File(out, "r+") as f:
            f.attrs["format_version"] = 99
        refused = subprocess.run([sys.executable, summarise, out], capture_output=True, text=True)
        assert refused.returncode != 0
        assert "format version 99" in refused.stderr, refused.stderr

        check_history(wfsim, calibrated, dfe_file, tmp)
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main(*sys.argv[1:6])
