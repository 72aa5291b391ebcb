"""The README's snippets for analysts run as written: Python (h5py, xarray) and R (hdf5r).

Run by ctest: test_readme_snippets.py WFSIM README SCENARIO
"""
import os
import re
import subprocess
import sys
import tempfile


def main(wfsim, readme, scenario):
    text = open(readme, encoding="utf-8").read()
    section = text[text.index("## Reading results"):text.index("## Layout")]
    snippets = re.findall(r"```(python|r)\n(.*?)```", section, re.S)
    assert sorted({lang for lang, _ in snippets}) == ["python", "r"], snippets
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "results"))
        subprocess.run([wfsim, "run", scenario, "-n", "300", "-q",
                        "-o", os.path.join(tmp, "results", "knowsley_childrens.h5")], check=True)
        for k, (lang, code) in enumerate(snippets):
            path = os.path.join(tmp, "snippet%d.%s" % (k, "py" if lang == "python" else "R"))
            with open(path, "w") as f:
                f.write(code)
            command = ["/usr/bin/python3", path] if lang == "python" else ["Rscript", path]
            done = subprocess.run(command, cwd=tmp, capture_output=True, text=True)
            assert done.returncode == 0, (lang, code, done.stdout, done.stderr)
            assert done.stdout.strip(), (lang, "printed nothing")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main(*sys.argv[1:4])
