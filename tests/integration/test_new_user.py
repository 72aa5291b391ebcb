"""A new user's path, as the README's "Your own council" section writes it: wfsim new, three
edits, check, run, compare, report and export --xlsx, run as written in an empty folder.

Run by ctest: test_new_user.py WFSIM README
"""
import os
import re
import subprocess
import sys
import tempfile

import openpyxl


def main(wfsim, readme):
    text = open(readme, encoding="utf-8").read()
    section = text[text.index("## Your own council"):text.index("## Using wfsim")]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 1, blocks
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(wfsim)) + os.pathsep +
                   os.environ["PATH"])
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", blocks[0]], cwd=tmp, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
        out = done.stdout
        # Each edit took: the sed lines found what they replace.
        scenario = open(os.path.join(tmp, "anytown.yaml"), encoding="utf-8").read()
        for edited in ("salary: 44500 ", "annual_cost_per_fte: 86000", "pay_award: 0.035"):
            assert edited in scenario, edited
        # check: the opening position of the figures given, and no warnings.
        assert "Opening position, 2026-04" in out, out
        assert re.search(r"all\s+145\.0\s+120\.0\s+25\.0\s+17%\s+18\.0", out), out
        assert "warning" not in out, out
        # run, compare, report and export each said what they wrote, and wrote it.
        for words in ("Results: anytown.h5", "grow_our_own compared with the base",
                      "Report written to anytown.html", "Workbook written to anytown.xlsx"):
            assert words in out, (words, out[-3000:])
        for name in ("anytown.h5", "anytown.html", "anytown.xlsx"):
            assert os.path.getsize(os.path.join(tmp, name)) > 10000, name
        report = open(os.path.join(tmp, "anytown.html"), encoding="utf-8").read()
        assert "never more than the vacant posts" in report  # the intake's limit, in words
        book = openpyxl.load_workbook(os.path.join(tmp, "anytown.xlsx"), read_only=True)
        assert "Payback" in book.sheetnames, book.sheetnames
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main(*sys.argv[1:3])
