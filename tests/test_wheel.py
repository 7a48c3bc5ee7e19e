"""A wheel that works: built from a copy of the sources, installed into a fresh venv outside the repository,
it sets up a database with its own ``akn`` command and renders pages, static files and mail from site-packages.

Offline and quick: the wheel is built with this venv's setuptools (no build isolation), and the fresh venv sees
this venv's site-packages through a .pth file, so the wheel goes in with ``--no-deps``. What the repository's
dependency declarations and lock file promise is checked below without installing anything.
"""

import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# Source folder → where it lies in the wheel (templates/ and migrations/ move into the package).
SHIPPED = {"akn_intranet": "akn_intranet", "workflows": "workflows",
           "templates": "akn_intranet/templates", "migrations": "akn_intranet/migrations"}
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc")

# Runs inside the fresh venv, with the database `akn init-db` made: prints what it found as JSON.
PROBE = r"""
import json, sys, sysconfig
from pathlib import Path

import akn_intranet, workflows
from akn_intranet import create_app

app = create_app({"WTF_CSRF_ENABLED": False})
client = app.test_client()
login = client.get("/anmelden")
css = client.get("/static/style.css")

with app.app_context():
    from sqlalchemy import select

    from akn_intranet.auth.models import COORDINATOR, User
    from akn_intranet.auth.operations import add_contact
    from akn_intranet.extensions import db
    from akn_intranet.mail.models import OutboxMessage
    from akn_intranet.members.models import Member

    kreis = db.session.scalars(select(Member).filter_by(place="Rhein-Kreis Neuss")).one()
    dormagen = db.session.scalars(select(Member).filter_by(place="Dormagen")).one()
    coordinator = User(email="koordination@akn.example", name="Thea Koordinatorin", role=COORDINATOR, member=kreis)
    db.session.add(coordinator)
    db.session.flush()
    add_contact(coordinator, "Dora Dormagen", "dora@akn.example", dormagen)
    mail = db.session.scalars(select(OutboxMessage).filter_by(recipient="dora@akn.example")).one()
    mail = [mail.subject, mail.body_text, mail.body_html]
    db.session.rollback()

print(json.dumps({
    "prefix": sys.prefix,
    "purelib": sysconfig.get_paths()["purelib"],
    "package": akn_intranet.__file__,
    "workflows": workflows.__file__,
    "templates": app.template_folder,
    "migrations": app.extensions["migrate"].directory,
    "instance": app.instance_path,
    "login": [login.status_code, login.get_data(as_text=True)],
    "css": [css.status_code, len(css.data)],
    "mail": mail,
}))
"""


def inside(path: str | Path, folder: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(folder).resolve())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The wheel, built from a copy of the sources (the working tree gets no build/ or egg-info),
    installed with its console script into a venv of its own."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for folder in SHIPPED:
        shutil.copytree(ROOT / folder, source / folder, ignore=JUNK)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "-w", tmp / "dist", source], check=True, capture_output=True, timeout=120)
    (wheel,) = (tmp / "dist").glob("akn_intranet-*.whl")

    target = tmp / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    purelib = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}  # the dependencies, already here
    (purelib / "_akn_test_dependencies.pth").write_text("".join(f"{path}\n" for path in sorted(outer)))
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", wheel],
                   check=True, capture_output=True, timeout=120)

    work = tmp / "work"  # the current directory of every command: nowhere near the repository
    work.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("AKN_", "FLASK_", "MAIL_", "PYTHON")) and key not in ("DATABASE_URL", "SECRET_KEY")}
    return {"tmp": tmp, "source": source, "wheel": wheel, "venv": target, "python": python, "purelib": purelib,
            "work": work, "env": env}


def test_the_wheel_holds_every_module_template_static_file_and_migration(built):
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    expected = {
        f"{into}/{path.relative_to(built['source'] / folder).as_posix()}"
        for folder, into in SHIPPED.items()
        for path in (built["source"] / folder).rglob("*") if path.is_file()
    }
    assert expected - names == set(), "in the sources but not in the wheel (pyproject: packages / package-data)"
    assert {"akn_intranet/templates/base.html", "akn_intranet/migrations/alembic.ini",
            "akn_intranet/static/style.css"} <= names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "akn = akn_intranet.cli:main" in zipfile.ZipFile(built["wheel"]).read(entry_points).decode()


def test_installed_wheel_sets_up_a_database_and_renders_pages_and_mail(built):
    instance = built["tmp"] / "instance"
    env = {**built["env"], "AKN_INSTANCE_PATH": str(instance)}
    init = subprocess.run([built["venv"] / "bin" / "akn", "init-db"], cwd=built["work"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert init.returncode == 0, init.stderr
    assert "Datenbank bereit." in init.stdout
    assert (instance / "akn.sqlite3").is_file()

    probe = subprocess.run([built["python"], "-c", PROBE], cwd=built["work"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)

    # Everything comes from the fresh venv's site-packages, nothing from the repository.
    assert inside(found["prefix"], built["venv"])
    for key in ("package", "workflows", "templates", "migrations"):
        assert inside(found[key], built["purelib"]), (key, found[key])
        assert not inside(found[key], ROOT), (key, found[key])
    assert found["instance"] == str(instance)

    status, page = found["login"]
    assert status == 200
    assert '<html lang="de">' in page and "<h1>Anmelden</h1>" in page
    assert "Genehmigungslinks aus E-Mails funktionieren ohne Anmeldung." in page
    assert found["css"][0] == 200 and found["css"][1] > 0

    subject, text, html = found["mail"]
    assert subject.startswith("[AKN]") and "Ihr Zugang zum AKN Intranet" in subject
    assert "Guten Tag Dora Dormagen," in text and "Stadt Dormagen" in text
    assert re.search(r"http://127\.0\.0\.1:5000/einladung/[\w-]{20,}", text)
    assert "<strong>Stadt Dormagen</strong>" in html


def test_installed_instance_folder_lies_outside_site_packages(built):
    env = {**built["env"], "DATABASE_URL": f"sqlite:///{built['tmp'] / 'other.sqlite3'}"}
    code = "from akn_intranet import create_app; print(create_app().instance_path)"
    result = subprocess.run([built["python"], "-c", code], cwd=built["work"], env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    instance = Path(result.stdout.strip())
    assert instance == built["venv"] / "var" / "akn_intranet-instance"  # Flask's place for an installed package
    assert instance.is_dir() and not inside(instance, built["purelib"])


def test_source_checkout_keeps_its_own_folders():
    import akn_intranet

    assert not akn_intranet.INSTALLED
    assert akn_intranet.TEMPLATES == ROOT / "templates" and akn_intranet.MIGRATIONS == ROOT / "migrations"
    assert akn_intranet.default_instance_path() == ROOT / "instance"


def _imported_top_level_modules() -> set[str]:
    modules = set()
    for folder in ("akn_intranet", "workflows", "migrations"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"akn_intranet", "workflows"}


def _declared() -> dict[str, Requirement]:
    requirements = (Requirement(line) for line in PYPROJECT["project"]["dependencies"])
    return {canonicalize_name(requirement.name): requirement for requirement in requirements}


def test_every_imported_library_is_declared_with_a_lower_bound():
    distributions = importlib.metadata.packages_distributions()
    declared = _declared()
    undeclared = {
        module: distributions.get(module)
        for module in _imported_top_level_modules()
        if not {canonicalize_name(name) for name in distributions.get(module, [])} & declared.keys()
    }
    assert undeclared == {}, "imported but not in pyproject's dependencies"
    unbounded = [name for name, requirement in declared.items() if not any(s.operator == ">=" for s in requirement.specifier)]
    assert unbounded == []


def test_lock_pins_every_dependency_with_hashes():
    text = (ROOT / "requirements.lock").read_text()
    entries = re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})+)", text, re.M | re.I)
    pins = {canonicalize_name(name): version for name, version, _ in entries}
    assert len(pins) == len(re.findall(r"^[a-z0-9]", text, re.M | re.I)), "every pinned line carries its hashes"
    for name, requirement in _declared().items():
        assert name in pins, f"{name} is not in requirements.lock: make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} outside {requirement}"
    assert not re.search(r"^\s*-(-index-url|-extra-index-url|-find-links|-trusted-host|i|f)\b", text, re.M)
    assert "file:" not in text and "://" not in text  # no machine's own package sources in the lock
