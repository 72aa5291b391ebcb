"""Damaged results files are refused cleanly by every reader: exit 1, a message naming what
is wrong, and no file left behind. Never a crash, never "a bug in wfsim" (exit 3), never
numbers read out of bounds.

Run by ctest with Debian's /usr/bin/python3:
    test_damaged_results.py WFSIM SCENARIO
"""
import os
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz"))
from seal import reseal  # noqa: E402


def readers(path, tmp):
    """Each reading command and the file it would write."""
    return [
        (["export", path, "-o", os.path.join(tmp, "out.csv")], os.path.join(tmp, "out.csv")),
        (["export", path, "--xlsx", "-o", os.path.join(tmp, "out.xlsx")],
         os.path.join(tmp, "out.xlsx")),
        (["export", path, "--spend", "-o", os.path.join(tmp, "spend.csv")],
         os.path.join(tmp, "spend.csv")),
        (["compare", path], None),
        (["report", path, "-o", os.path.join(tmp, "out.html")], os.path.join(tmp, "out.html")),
    ]


def reshape(g, name, shape):
    """Replaces dataset `name` by one of another shape, attached to the same axes."""
    old = g[name]
    scales = [d[0] for d in old.dims]
    attrs = dict(old.attrs)
    del g[name]
    new = g.create_dataset(name, data=np.zeros(shape))
    for k, scale in enumerate(scales[: len(shape)]):
        new.dims[k].attach_scale(scale)
    for key, value in attrs.items():
        if key not in ("DIMENSION_LIST", "REFERENCE_LIST"):
            new.attrs[key] = value


def corrupt_chunk(path, dataset, coord):
    """Overwrites the middle of the compressed chunk at `coord` of `dataset` with garbage."""
    with h5py.File(path, "r") as f:
        info = f[dataset].id.get_chunk_info_by_coord(coord)
    with open(path, "r+b") as raw:
        raw.seek(info.byte_offset + info.size // 4)
        raw.write(bytes((i * 37 + 11) % 256 for i in range(info.size // 2)))


def damages():
    """(name, function of the file path, text the message must hold)."""
    def with_file(change):
        # Resealed, as if written so: to reach the checks behind the seal.
        def apply(path):
            with h5py.File(path, "r+") as f:
                change(f)
            reseal(path)
        return apply

    def corrupt(path):
        corrupt_chunk(path, "strategies/grow_our_own/cumulative_cost", (6, 0, 0))
        reseal(path)

    return [
        ("shape unlike its axes",
         with_file(lambda f: reshape(f["strategies/base"], "agency_fte_quantiles", (2, 7, 60))),
         "agency_fte_quantiles"),
        ("trajectory shape unlike its axes",
         with_file(lambda f: reshape(f["strategies/grow_our_own"], "cumulative_cost", (7, 40, 60))),
         "cumulative_cost"),
        ("quantile levels changed",
         with_file(lambda f: f["strategies/base/quantile"].__setitem__(slice(0, 7), np.arange(7.0))),
         "quantile"),
        ("text where numbers belong",
         with_file(lambda f: reshape(f["strategies/base"], "fte_in_post_quantiles", (4, 7, 60))
                   or f["strategies/base"].__delitem__("months_in_year")
                   or f["strategies/base"].create_dataset("months_in_year", data=["x"] * 5)),
         "strategies/base/"),
        ("history that is not whole",
         with_file(lambda f: f.create_group("history")),
         "damaged results file: '/history' has no attribute 'source'"),
        ("a financial year of six months in the middle",
         with_file(lambda f: f["strategies/grow_our_own/months_in_year"].__setitem__(0, 6.0)),
         "strategies/grow_our_own/months_in_year' does not end its years in March"),
        ("months of a year not a number",
         with_file(lambda f: f["strategies/base/months_in_year"].__setitem__(1, np.nan)),
         "strategies/base/months_in_year' does not count the months of each year"),
        ("missing dataset",
         with_file(lambda f: f["strategies/grow_our_own"].__delitem__("agency_fte")),
         "agency_fte"),
        ("replications attribute wrong",
         with_file(lambda f: f.attrs.__setitem__("replications", np.int64(0))),
         "replications"),
        ("corrupt compressed data",
         corrupt,  # category 6 is the total, which every reader of trajectories uses
         "damaged results file: dataset 'strategies/grow_our_own/cumulative_cost' cannot be read"),
        ("a byte changed, not resealed",
         lambda path: corrupt_chunk(path, "strategies/base/headcount", (0, 0, 0)),
         "has changed since wfsim wrote it"),
        ("truncated",
         lambda path: os.truncate(path, os.path.getsize(path) // 2),
         "has changed since wfsim wrote it"),
    ]


def main(wfsim, scenario):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good.h5")
        subprocess.run([wfsim, "run", scenario, "-n", "50", "-o", good, "-q"], check=True)
        for name, damage, expected in damages():
            path = os.path.join(tmp, "damaged.h5")
            shutil.copy(good, path)
            damage(path)
            before = open(path, "rb").read()
            for command, output in readers(path, tmp):
                if output and os.path.exists(output):
                    os.remove(output)
                run = subprocess.run([wfsim, *command], capture_output=True, text=True,
                                     timeout=120)
                what = f"{name}: wfsim {command[0]}"
                left = [n for n in os.listdir(tmp) if ".tmp-" in n]
                if run.returncode != 1:
                    failures.append(f"{what}: exit {run.returncode}: {run.stderr.strip()}")
                elif expected not in run.stderr or "bug" in run.stderr:
                    failures.append(f"{what}: message {run.stderr.strip()!r} lacks {expected!r}")
                if left or (output and os.path.exists(output)):
                    failures.append(f"{what}: left {left or output}")
                if open(path, "rb").read() != before:
                    failures.append(f"{what}: changed the input")
    for f in failures:
        print("FAILED", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
