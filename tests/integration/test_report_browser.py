"""The HTML report of every example scenario, in a real browser (Debian's headless Chromium)
as a board member would see it: on a 1280 px screen and printed on A4.

For each of scenarios/*.yaml and scenarios/calibrated/*.yaml (200 futures each):
- the report is self-contained (no script, nothing fetched) and opens without console errors;
- the headline is the page's first section and lies within the first screen (1280 x 900);
- no chart draws more than two strategies over each other;
- printed to PDF it is A4, of a sensible number of pages, and no heading, caption or table
  is split across pages from the rest of its block, nor a section's heading left at the
  foot of a page.
The screenshot of the first screen and PNGs of the first printed pages are kept in OUTDIR
for people to look at.

Run by ctest: test_report_browser.py WFSIM SCENARIOS_DIR OUTDIR
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
SCREEN = (1280, 900)
MOST_PAGES = 8  # the examples print on 4 to 7
A4_POINTS = (595, 842)

# Injected into a test copy of the report, never into the report itself (which has no
# script): measures the first screen, and marks each block that must stay on one printed
# page with a token at its start and its end, for pdftotext to find.
MEASURE = """<script>
(function () {
  var out = [];
  var headline = document.getElementById('headline');
  out.push('headline_bottom=' + (headline ? headline.getBoundingClientRect().bottom : -1));
  out.push('first_section=' + (document.body.firstElementChild || {}).id);
  out.push('scroll_width=' + document.documentElement.scrollWidth);
  var blocks = document.querySelectorAll('.keep, .figure');
  // A token at the top or the foot of `box`, out of the flow so that it moves nothing: its
  // box holds it, so it is printed on the box's first or last page.
  function mark(box, text, end) {
    var s = document.createElement('span');
    s.textContent = text;
    s.style.cssText = 'position:absolute;left:0;font-size:4px;color:#fff;white-space:nowrap;' +
        (end ? 'bottom:0' : 'top:0');
    if (getComputedStyle(box).position === 'static') box.style.position = 'relative';
    box.appendChild(s);
  }
  for (var i = 0; i < blocks.length; i++) {
    mark(blocks[i], 'KEEPA' + i + 'X', false);
    mark(blocks[i], 'KEEPZ' + i + 'X', true);
  }
  // A section's heading and the start of what follows it.
  var heads = document.querySelectorAll('h2');
  for (var j = 0; j < heads.length; j++) {
    mark(heads[j], 'HEADA' + j + 'X', false);
    var next = heads[j].nextElementSibling;
    if (next) mark(next, 'HEADZ' + j + 'X', false);
  }
  out.push('blocks=' + blocks.length);
  out.push('heads=' + heads.length);
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = '\\n' + out.join('\\n') + '\\n';
  pre.style.display = 'none';  // in the DOM dumped, not on the page printed
  document.body.appendChild(pre);
})();
</script>"""


def chromium(profile, *args):
    return subprocess.run(["chromium", *CHROMIUM_FLAGS, "--user-data-dir=" + profile,
                           "--enable-logging=stderr", "--v=0", *args],
                          capture_output=True, text=True, timeout=120)


def console_errors(done):
    return [l for l in done.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l]


def page_of_tokens(pdf, pages):
    """The page each token is printed on."""
    where = {}
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", pdf,
                               "-"], capture_output=True, text=True, check=True).stdout
        for token in re.findall(r"(?:KEEP|HEAD)[AZ]\d+X", text):
            where.setdefault(token, page)
    return where


def check_report(wfsim, scenario, outdir, profile):
    name = os.path.splitext(os.path.basename(scenario))[0]
    if os.path.basename(os.path.dirname(scenario)) == "calibrated":
        name = "calibrated_" + name
    results = os.path.join(outdir, name + ".h5")
    report = os.path.join(outdir, name + ".html")
    subprocess.run([wfsim, "run", scenario, "-n", "200", "-o", results, "-q"], check=True)
    subprocess.run([wfsim, "report", results, "-o", report], check=True,
                   stdout=subprocess.DEVNULL)
    os.remove(results)
    html = open(report, encoding="utf-8").read()
    # Self-contained: nothing fetched from anywhere, no scripts.
    assert "<script" not in html and "http://" not in html and "https://" not in html, name
    assert "@page{size:A4" in html, name
    for section in ("headline", "charts", "table", "assumptions", "provenance"):
        assert 'id="%s"' % section in html, (name, section)

    # Every chart draws one or two strategies: the base, alone or with one other.
    charts = re.findall(r'<svg class="chart".*?</svg>', html, re.S)
    assert len(charts) >= 4, (name, len(charts))
    for chart in charts:
        series = len(re.findall(r'<g class="series"', chart))
        assert 1 <= series <= 2, (name, series, chart[:160])

    # The first screen, measured in a copy with the measuring script.
    measured = os.path.join(outdir, name + ".measure.html")
    with open(measured, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", MEASURE + "</body>"))
    dom = chromium(profile, "--window-size=%d,%d" % SCREEN, "--dump-dom",
                   "file://" + measured)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert not console_errors(dom), console_errors(dom)
    found = dict(re.findall(r"^(\w+)=(.*)$", dom.stdout.split('id="measured"')[-1], re.M))
    assert found.get("first_section") == "headline", (name, found)
    assert 0 < float(found["headline_bottom"]) <= SCREEN[1], (name, found)
    assert int(found["scroll_width"]) <= SCREEN[0], (name, found)

    shot = os.path.join(outdir, name + "-screen.png")
    done = chromium(profile, "--window-size=%d,%d" % SCREEN, "--screenshot=" + shot,
                    "file://" + report)
    assert done.returncode == 0 and os.path.getsize(shot) > 20000, done.stderr[-2000:]

    # Printed on A4 (the measuring copy: its tokens say where each block landed).
    pdf = os.path.join(outdir, name + ".pdf")
    done = chromium(profile, "--print-to-pdf=" + pdf, "--no-pdf-header-footer",
                    "file://" + measured)
    assert done.returncode == 0 and os.path.exists(pdf), done.stderr[-2000:]
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert (round(float(size.group(1))), round(float(size.group(2)))) == A4_POINTS, (name, info)
    assert 1 <= pages <= MOST_PAGES, (name, pages)
    where = page_of_tokens(pdf, pages)
    blocks, heads = int(found["blocks"]), int(found["heads"])
    for i in range(blocks):
        a, z = where.get("KEEPA%dX" % i), where.get("KEEPZ%dX" % i)
        assert a is not None and a == z, (name, "block %d split over pages %s and %s" % (i, a, z))
    for j in range(heads):
        a, z = where.get("HEADA%dX" % j), where.get("HEADZ%dX" % j)
        assert a is not None and a == z, (name, "heading %d left on page %s" % (j, a))
    for old in glob.glob(os.path.join(outdir, name + "-page-*.png")):
        os.remove(old)
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "3", "-png", pdf,
                    os.path.join(outdir, name + "-page")], check=True)
    os.remove(measured)
    return name, pages


def main(wfsim, scenarios, outdir):
    outdir = os.path.abspath(outdir)  # file:// needs the whole path
    os.makedirs(outdir, exist_ok=True)
    examples = sorted(glob.glob(os.path.join(scenarios, "*.yaml"))) + sorted(
        glob.glob(os.path.join(scenarios, "calibrated", "*.yaml")))
    assert len(examples) >= 9, examples
    profile = tempfile.mkdtemp()
    try:
        counts = [check_report(wfsim, s, outdir, profile) for s in examples]
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for name, pages in counts:
        print("%-40s %d A4 pages" % (name, pages))
    print("screenshots in", outdir)
    print("%d passed, 0 failed" % len(counts))


if __name__ == "__main__":
    main(*sys.argv[1:4])
