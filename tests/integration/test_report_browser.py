"""The HTML report opens in a real browser (Debian's headless Chromium) with no console
errors, and holds each chart and table; a calibrated baseline's report also draws the DfE's
published figures. Leaves a screenshot of each beside the report.

Run by ctest: test_report_browser.py WFSIM SCENARIO OUTDIR CALIBRATED_SCENARIO
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def chromium(profile, *args):
    return subprocess.run(["chromium", *CHROMIUM_FLAGS, "--user-data-dir=" + profile,
                           "--enable-logging=stderr", "--v=0", *args],
                          capture_output=True, text=True, timeout=120)


def calibrated_report(wfsim, scenario, outdir, profile):
    """The calibrated baseline's report: the published figures are points in the page the
    browser built, with their legend, and it renders without errors."""
    results = os.path.join(outdir, "report_calibrated.h5")
    report = os.path.join(outdir, "report_calibrated.html")
    subprocess.run([wfsim, "run", scenario, "-n", "200", "-o", results, "-q"], check=True)
    subprocess.run([wfsim, "report", results, "-o", report], check=True)
    dom = chromium(profile, "--dump-dom", "file://" + report)
    assert dom.returncode == 0, dom.stderr[-2000:]
    errors = [l for l in dom.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l]
    assert not errors, errors
    points = re.findall(r'<circle class="actual" data-measure="inpost_fte"', dom.stdout)
    assert len(points) == 5, len(points)  # Knowsley's FTE in post, 2017 to 2021
    assert 'id="dfe"' in dom.stdout
    assert "DfE figures (30 September)" in dom.stdout
    shot = os.path.join(outdir, "report_calibrated.png")
    done = chromium(profile, "--window-size=900,5200", "--screenshot=" + shot, "file://" + report)
    assert done.returncode == 0 and os.path.getsize(shot) > 50000, done.stderr[-2000:]


def main(wfsim, scenario, outdir, calibrated):
    os.makedirs(outdir, exist_ok=True)
    results = os.path.join(outdir, "report_test.h5")
    report = os.path.join(outdir, "report_test.html")
    subprocess.run([wfsim, "run", scenario, "-n", "500", "-o", results, "-q"], check=True)
    subprocess.run([wfsim, "report", results, "-o", report], check=True)
    html = open(report, encoding="utf-8").read()
    # Self-contained: nothing fetched from anywhere, no scripts.
    assert "<script" not in html and "http://" not in html and "https://" not in html
    profile = tempfile.mkdtemp()
    try:
        dom = chromium(profile, "--dump-dom", "file://" + report)
        assert dom.returncode == 0, dom.stderr[-2000:]
        errors = [l for l in dom.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l]
        assert not errors, errors
        for section in ("charts", "table", "spend", "targets", "breakeven", "differences",
                        "assumptions", "provenance"):
            assert 'id="%s"' % section in dom.stdout, section
        assert len(re.findall(r'<svg class="chart"', dom.stdout)) >= 5
        for words in ("Agency FTE", "Vacancy rate", "grow_our_own", "% of establishment",
                      "times less variable", "seed"):
            assert words in dom.stdout, words
        shot = os.path.join(outdir, "report_test.png")
        done = chromium(profile, "--window-size=900,2400", "--screenshot=" + shot,
                        "file://" + report)
        assert done.returncode == 0 and os.path.getsize(shot) > 50000, done.stderr[-2000:]
        calibrated_report(wfsim, calibrated, outdir, profile)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main(*sys.argv[1:5])
