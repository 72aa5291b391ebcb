#!/usr/bin/python3
"""Throws generated bad inputs at the real wfsim program and counts how it copes.

Two kinds of input:
  * scenarios: the example scenarios with one to three mutations each (keys deleted or
    misspelt, values of the wrong type or absurd size, nan, lists blown up, deep nesting,
    a second YAML document, bad months, huge sweeps, truncation, stray bytes), run through
    check, expected, run and, when a run succeeds, export, compare and report;
  * results files: a valid file damaged with h5py (datasets of another shape or type,
    missing datasets and attributes, wrong axis labels, nan and inf; then resealed, to
    reach the checks behind the file's seal) or as raw bytes (flipped bytes, truncation),
    read by export, compare and report.

Each command must exit 0 or 1 within the time limit, leave no temporary file, leave its
input as it was, and write its output only when it succeeds. Anything else is a failure:
a crash (a signal), a hang (the time limit), an exit 3 ("a bug in wfsim") or a file left
or damaged. Failing inputs are kept in --keep.

Usage: generate_bad_inputs.py --wfsim build/app/wfsim [--count 2000] [--seed 1]
                              [--keep DIR] [--timeout 60]
Run with Debian's /usr/bin/python3 (h5py, numpy, yaml).
"""
import argparse
import copy
import glob
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import yaml

from seal import reseal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

ODD_VALUES = [-1, 0, 1, 85, 1e-7, 1e308, -1e308, 10**20, 2**63, float("nan"), float("inf"),
              "nan", ".inf", "-.inf", "abc", "", [], {}, None, True, "2024-13", "1e999",
              [1, 2, 3], {"uniform": [5, 1]}, {"beta": {"mean": 0.9, "sd": 0.5}},
              {"normal": {"mean": 1e9, "sd": 1e9}}, {"lognormal": {"median": 1, "spread": 1e9}},
              {"triangular": [0, 0, 0]}, {"unknown": 1}, 1000000, 0.999999, 12, 1200, 1201]


def digest(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def nodes(tree, path=()):
    """Every (container, key) in a YAML tree down to 12 levels, for picking what to mutate."""
    found = []
    if len(path) > 12:
        return found
    if isinstance(tree, dict):
        for key in list(tree):
            found.append((tree, key))
            found.extend(nodes(tree[key], path + (key,)))
    elif isinstance(tree, list):
        for i in range(len(tree)):
            found.append((tree, i))
            found.extend(nodes(tree[i], path + (i,)))
    return found


def mutate_tree(tree, rng):
    places = nodes(tree)
    if not places:
        return tree
    parent, key = rng.choice(places)
    action = rng.randrange(9)
    if action == 0 and isinstance(parent, dict):
        del parent[key]
    elif action == 1 and isinstance(parent, dict):
        parent[str(key)[:-1] + rng.choice("aexs_")] = parent.pop(key)  # a misspelt key
    elif action == 2:
        parent[key] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif action == 3 and isinstance(parent[key], list) and parent[key]:
        parent[key] = parent[key] * rng.choice([2, 50, 400])
    elif action == 4:
        deep = 0
        for _ in range(rng.choice([50, 500, 3000])):
            deep = [deep]
        parent[key] = deep
    elif action == 5 and isinstance(parent, dict):
        parent["unknown_" + str(rng.randrange(100))] = 1
    elif action == 6 and not isinstance(parent[key], (list, dict)):
        parent[key] = str(parent[key]) + rng.choice(["x", " ", "%", "\t"])
    elif action == 7:
        tree["sweep"] = [{"lever": "intakes.graduate_asye.size",
                          "values": {"from": 0, "to": rng.choice([30, 1e9]),
                                     "step": rng.choice([1e-7, 1e-300, 0.5, -1])}}]
    else:
        tree.setdefault("changes", []).append(
            {"from": rng.choice(["2023-01", "2030-01", "9999-12", "2024-1"]),
             "set": {rng.choice(["intakes.graduate_asye.size",
                                 "establishment.frontline.fte",
                                 "stages.social_worker.turnover_rate",
                                 "agency.cover_share", "nothing.here"]):
                     copy.deepcopy(rng.choice(ODD_VALUES))}})
    return tree


def mutate_text(text, rng):
    action = rng.randrange(5)
    if action == 0:
        return text[: rng.randrange(len(text) + 1)]
    if action == 1:
        return text + "\n---\n" + text
    if action == 2:
        at = rng.randrange(len(text) + 1)
        return text[:at] + "".join(chr(rng.randrange(1, 256)) for _ in range(8)) + text[at:]
    if action == 3:
        return text.replace("  ", "\t", 1)
    return text.replace(":", "", 1)


def bad_scenario(bases, rng):
    text = open(rng.choice(bases), encoding="utf-8").read()
    if rng.random() < 0.25:
        return mutate_text(text, rng)
    tree = yaml.safe_load(text)
    try:
        for _ in range(rng.randint(1, 3)):
            tree = mutate_tree(tree, rng)
        return yaml.safe_dump(tree, sort_keys=False, width=10**6)
    except RecursionError:  # nested too deeply for Python's own recursion: write it by hand
        return text + "\nsweep: " + "[" * 5000 + "]" * 5000 + "\n"


def damage_results(path, rng):
    """Damages the results file at `path` in one of many ways. Raw damage (bytes, length)
    is left for the seal to catch; damage made with h5py is resealed, to reach the checks
    of the file's layout behind the seal."""
    action = rng.randrange(10)
    if action == 0:  # raw bytes flipped
        size = os.path.getsize(path)
        with open(path, "r+b") as raw:
            for _ in range(rng.choice([1, 10, 100])):
                raw.seek(rng.randrange(size))
                raw.write(bytes([rng.randrange(256)]))
        return
    if action == 1:  # truncated
        with open(path, "r+b") as raw:
            raw.truncate(rng.randrange(os.path.getsize(path)))
        return
    with h5py.File(path, "r+") as f:
        groups = [f["strategies"][name] for name in f["strategies"]]
        g = rng.choice(groups)
        names = [n for n in g if isinstance(g[n], h5py.Dataset)]
        name = rng.choice(names)
        ds = g[name]
        if action == 2:  # another shape, the same axes attached
            scales = [d[0] for d in ds.dims if len(d)]
            shape = tuple(max(0, s + rng.choice([-1, 1, 5])) for s in ds.shape) or (3,)
            attrs = {k: v for k, v in ds.attrs.items() if k not in ("DIMENSION_LIST",
                                                                    "REFERENCE_LIST", "CLASS",
                                                                    "NAME")}
            try:
                del g[name]
                new = g.create_dataset(name, data=np.zeros(shape))
                for k, scale in enumerate(scales[: len(shape)]):
                    new.dims[k].attach_scale(scale)
                for key, value in attrs.items():
                    new.attrs[key] = value
            except (ValueError, KeyError, RuntimeError, TypeError):
                pass
        elif action == 3:  # removed
            del g[name]
        elif action == 4:  # nan and inf
            if ds.dtype.kind == "f" and ds.size:
                data = ds[()]
                flat = data.reshape(-1)
                for _ in range(min(flat.size, 5)):
                    flat[rng.randrange(flat.size)] = rng.choice([np.nan, np.inf, -np.inf, 1e308])
                ds[...] = data
        elif action == 5:  # text where numbers are, or the reverse
            attrs = dict(ds.attrs)
            del g[name]
            g.create_dataset(name, data=np.array(["x"] * max(1, min(ds.size, 10)), dtype="S1")
                             if ds.dtype.kind != "S" else np.arange(3.0))
            for key in ("units", "long_name"):
                if key in attrs:
                    g[name].attrs[key] = attrs[key]
        elif action == 6:  # a root attribute wrong or gone
            key = rng.choice(list(f.attrs))
            if rng.random() < 0.5:
                del f.attrs[key]
            else:
                f.attrs[key] = rng.choice([np.int64(-5), "nonsense", np.float64(np.nan),
                                           np.array([1, 2, 3])])
        elif action == 7:  # axis labels wrong
            for axis in ("month", "financial_year", "group", "cost_category", "target"):
                if axis in g and rng.random() < 0.5:
                    n = g[axis].shape[0]
                    g[axis][...] = np.array([rng.choice(["", "2024-99", "x" * 200])] * n,
                                            dtype=object)
        elif action == 8:  # a strategy group emptied or renamed
            victim = rng.choice(list(f["strategies"]))
            if rng.random() < 0.5:
                del f["strategies"][victim]
            else:
                f["strategies"].move(victim, victim + "_moved")
        else:  # scenario text stored in the file damaged
            f.attrs["scenario_yaml"] = mutate_text(str(f.attrs.get("scenario_yaml", "")), rng)
    reseal(path)


class Tally:
    def __init__(self):
        self.inputs = 0
        self.commands = 0
        self.ok = 0
        self.refused = 0
        self.failures = []  # (input, command, what)

    def check(self, name, command, result, work, inputs, output):
        """Classifies one command's outcome."""
        self.commands += 1
        status = result.returncode if result is not None else None
        what = None
        if result is None:
            what = "hang (time limit)"
        elif status < 0 or status >= 128:
            what = f"crash (exit {status})"
        elif status == 3:
            what = "exit 3 on bad input: " + result.stderr.strip()[-300:]
        elif status not in (0, 1):
            what = f"exit {status}: " + result.stderr.strip()[-300:]
        left = [n for n in os.listdir(work) if ".tmp-" in n]
        if left:
            what = (what + "; " if what else "") + f"left {left}"
        for path, before in inputs.items():
            if os.path.exists(path) and digest(path) != before:
                what = (what + "; " if what else "") + f"changed its input {path}"
        if output and status not in (0, None) and os.path.exists(output):
            what = (what + "; " if what else "") + f"wrote {output} and failed"
        if what:
            self.failures.append((name, " ".join(command[1:2]), what))
        elif status == 0:
            self.ok += 1
        else:
            self.refused += 1
        return status == 0 and not what


def run(wfsim, args, timeout):
    try:
        return subprocess.run([wfsim, *args], capture_output=True, text=True, timeout=timeout,
                              errors="replace")
    except subprocess.TimeoutExpired:
        return None


def try_scenario(wfsim, text, work, tally, name, timeout):
    scenario = os.path.join(work, "s.yaml")
    with open(scenario, "w", encoding="utf-8", errors="surrogateescape") as handle:
        handle.write(text)
    inputs = {scenario: digest(scenario)}
    out = os.path.join(work, "out.h5")
    short = ["--horizon", "12"]
    tally.check(name, ["wfsim", "check"], run(wfsim, ["check", scenario], timeout), work,
                inputs, None)
    tally.check(name, ["wfsim", "expected"],
                run(wfsim, ["expected", scenario, *short], timeout), work, inputs, None)
    ran = tally.check(name, ["wfsim", "run"],
                      run(wfsim, ["run", scenario, "-n", "3", *short, "-q", "--threads", "1",
                                  "-o", out], timeout), work, inputs, out)
    if ran:
        try_results(wfsim, out, work, tally, name, timeout)


def try_results(wfsim, path, work, tally, name, timeout):
    inputs = {path: digest(path)}
    csv, html = os.path.join(work, "out.csv"), os.path.join(work, "out.html")
    for output in (csv, html):
        if os.path.exists(output):
            os.remove(output)
    tally.check(name, ["wfsim", "export"], run(wfsim, ["export", path, "-o", csv], timeout),
                work, inputs, csv)
    tally.check(name, ["wfsim", "compare"], run(wfsim, ["compare", path], timeout), work,
                inputs, None)
    tally.check(name, ["wfsim", "report"], run(wfsim, ["report", path, "-o", html], timeout),
                work, inputs, html)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wfsim", required=True, help="the wfsim program to try")
    parser.add_argument("--count", type=int, default=2000, help="inputs to generate")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generator")
    parser.add_argument("--keep", help="folder to keep failing inputs in")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a command may take")
    args = parser.parse_args()
    wfsim = os.path.abspath(args.wfsim)
    rng = random.Random(args.seed)
    bases = sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.yaml")))
    bases += sorted(glob.glob(os.path.join(HERE, "corpus", "scenario", "*.yaml")))
    tally = Tally()
    kinds = {"scenario": 0, "results": 0}
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good.h5")
        subprocess.run([wfsim, "run", os.path.join(HERE, "corpus", "scenario",
                                                    "small_everything.yaml"),
                        "-n", "12", "-q", "-o", good], check=True)
        for i in range(args.count):
            work = os.path.join(tmp, f"w{i}")
            os.mkdir(work)
            tally.inputs += 1
            before = len(tally.failures)
            if rng.random() < 0.7:
                kinds["scenario"] += 1
                name = f"scenario-{args.seed}-{i}.yaml"
                text = bad_scenario(bases, rng)
                try_scenario(wfsim, text, work, tally, name, args.timeout)
                kept = os.path.join(work, "s.yaml")
            else:
                kinds["results"] += 1
                name = f"results-{args.seed}-{i}.h5"
                path = os.path.join(work, "in.h5")
                shutil.copy(good, path)
                try:
                    damage_results(path, rng)
                except Exception as error:  # a damage h5py itself refuses: keep the file as is
                    print(f"note: damage {i} not applied: {error}", file=sys.stderr)
                kept = path
                try_results(wfsim, path, work, tally, name, args.timeout)
            if len(tally.failures) > before and args.keep:
                os.makedirs(args.keep, exist_ok=True)
                shutil.copy(kept, os.path.join(args.keep, name))
            shutil.rmtree(work, ignore_errors=True)
            if (i + 1) % 100 == 0:
                print(f"  {i + 1} inputs, {len(tally.failures)} failures", file=sys.stderr)
    kinds_of = {}
    for _, _, what in tally.failures:
        key = what.split(" ")[0]
        kinds_of[key] = kinds_of.get(key, 0) + 1
    for name, command, what in tally.failures:
        print(f"FAILED {name}: wfsim {command}: {what}")
    crashes = sum(1 for f in tally.failures if f[2].startswith("crash"))
    hangs = sum(1 for f in tally.failures if f[2].startswith("hang"))
    exit3 = sum(1 for f in tally.failures if f[2].startswith("exit 3"))
    files = sum(1 for f in tally.failures if "left" in f[2] or "changed" in f[2] or "wrote" in f[2])
    print(f"{tally.inputs} inputs ({kinds['scenario']} scenarios, {kinds['results']} results "
          f"files), {tally.commands} commands: {tally.ok} succeeded, {tally.refused} refused "
          f"cleanly; {crashes} crashes, {hangs} hangs, {exit3} exit-3s, {files} files left "
          f"or damaged")
    failed = len(tally.failures)
    print(f"{tally.commands - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
