"""``pip install .`` (not editable) ships the ontology, the shapes and the shipped queries inside the package.

The wheel is built from this tree and installed, without dependencies, into a fresh virtual environment;
:func:`kg.resources.resource_dir` there finds every file in site-packages, not in the source tree.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from kg.settings import ROOT

pytestmark = pytest.mark.slow

SHIPPED = {name: sorted(p.name for p in (ROOT / name).iterdir() if p.is_file()) for name in ("ontology", "shapes", "queries")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (found,) = out.glob("napkg-*.whl")
    return found


def test_the_wheel_holds_the_ontology_shapes_and_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, files in SHIPPED.items():
        assert files, folder
        assert {f"kg/{folder}/{f}" for f in files} <= names, folder
    assert "kg/resources.py" in names and "service/templates/error.html" in names


def test_an_installed_package_reads_them_from_site_packages(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    script = ("from kg.resources import resource_dir\n"
              "for name in ('ontology', 'shapes', 'queries'):\n"
              "    d = resource_dir(name)\n"
              "    print(name, d, *sorted(p.name for p in d.iterdir() if p.is_file()))\n")
    r = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                       env={"PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    for line in r.stdout.splitlines():
        name, where, *files = line.split()
        assert where.startswith(str(venv)) and "site-packages" in where, line
        assert files == SHIPPED[name]


def test_an_installed_package_builds_the_graph(wheel, tmp_path):
    """Issue 18: `pip install .` (not editable) can build the graph: nothing is read from the source tree.

    The dependencies are this test run's own (a path line in a .pth file; the editable install's finder there
    is not activated by it), napkg itself is the wheel in the fresh environment, run from another folder.
    """
    import site
    import sysconfig

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = [p for p in {sysconfig.get_paths()["purelib"], *site.getsitepackages()} if p.endswith("site-packages")]
    (venv / purelib.split(str(venv) + "/", 1)[1] / "napkg-test-deps.pth").write_text("\n".join(ours) + "\n")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PATH": "/usr/bin:/bin", "NAPKG_DATA_DIR": str(ROOT / "data"), "NAPKG_STORE_DIR": str(work / "store"),
           "NAPKG_CACHE_DIR": str(work / "cache")}
    where = subprocess.run([str(python), "-c", "import kg; print(kg.__file__)"], capture_output=True, text=True,
                           cwd=work, env=env, timeout=120)
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    r = subprocess.run([str(python), "-m", "kg.cli", "build", "-q", "--no-dumps"], capture_output=True, text=True,
                       cwd=work, env=env, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "built " in r.stdout + r.stderr
