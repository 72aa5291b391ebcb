"""Every output of every example scenario (and every calibrated baseline) shows numbers,
never nan or inf: the terminal summary, compare, the CSV exports, the HTML report and
analysis/summarise.py.

Run by ctest with Debian's /usr/bin/python3:
    test_example_outputs.py WFSIM SCENARIOS_DIR SUMMARISE_SCRIPT
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

NOT_A_NUMBER = re.compile(r"\b-?(nan|inf|infinity)\b", re.IGNORECASE)


def main(wfsim, scenarios, summarise):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        found = glob.glob(os.path.join(scenarios, "*.yaml"))
        found += glob.glob(os.path.join(scenarios, "calibrated", "*.yaml"))
        for scenario in sorted(found):
            name = os.path.splitext(os.path.basename(scenario))[0]
            out = os.path.join(tmp, name + ".h5")
            shown = {}

            def run(label, *command):
                result = subprocess.run(command, capture_output=True, text=True, timeout=600)
                if result.returncode != 0:
                    failures.append(f"{name}: {label} exit {result.returncode}: {result.stderr}")
                shown[label] = result.stdout

            run("run", wfsim, "run", scenario, "-n", "300", "-o", out)
            run("expected", wfsim, "expected", scenario)
            run("compare", wfsim, "compare", out)
            run("export", wfsim, "export", out, "-o", os.path.join(tmp, name + ".csv"))
            run("report", wfsim, "report", out, "-o", os.path.join(tmp, name + ".html"))
            run("summarise", sys.executable, summarise, out)
            exts = ["csv", "html"]
            if "dfe_return:" in open(scenario, encoding="utf-8").read():
                run("export --dfe", wfsim, "export", out, "--dfe", "-o",
                    os.path.join(tmp, name + ".dfe.csv"))
                exts.append("dfe.csv")
            for ext in exts:
                with open(os.path.join(tmp, f"{name}.{ext}"), encoding="utf-8") as handle:
                    shown[ext] = handle.read()
            for label, text in shown.items():
                for match in NOT_A_NUMBER.finditer(text):
                    line = text[max(0, match.start() - 60): match.end() + 20].replace("\n", " ")
                    failures.append(f"{name}: {label} shows {match.group(0)!r}: ...{line}...")
                    break
    for f in failures:
        print("FAILED", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
