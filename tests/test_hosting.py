"""Hosting: the lock (requirements/lock.txt), the Makefile that installs from it, the Pages
workflow, the site's address (site_url, one variable for a fork) and the 404 page; and that
`make build` gives the complete course, the same bytes as the site the tests build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, _build_command, mkdocs_config
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

sys.path.insert(0, str(ROOT / "scripts"))
import lower_bounds  # noqa: E402

LOCK = ROOT / "requirements" / "lock.txt"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")


def _lock() -> dict[str, Version]:
    """The lock's pins, by canonical name; every line that is not a comment is an exact pin."""
    pins = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"requirements/lock.txt line {number} is not an exact pin (name==version): {line!r}"
        name = canonicalize_name(match.group(1))
        assert name not in pins, f"{name} is pinned twice"
        pins[name] = Version(match.group(2))
    return pins


def _make(*arguments: str) -> str:
    """What make would run (``make -n``), without running it."""
    result = subprocess.run(["make", "-n", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _makefile_variable(name: str) -> str:
    match = re.search(rf"^{name}\s*\??:?=\s*(.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert match, f"the Makefile sets no {name}"
    return match.group(1).strip()


# --------------------------------------------------------------------- the lock


def test_lock_pins_every_requirement_within_pyprojects_ranges() -> None:
    pins = _lock()
    for requirement in lower_bounds.requirements():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is in pyproject.toml but not in requirements/lock.txt: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/lock.txt pins {name}=={pins[name]}, outside pyproject.toml's {requirement}: run make lock"
        )


def test_lock_leaves_torch_to_the_makefiles_pin() -> None:
    """Torch is not in the lock: the Makefile's TORCH pins it (the release whose CPU wheel the course machines hold)."""
    assert "torch" not in _lock()
    torch = Requirement(_makefile_variable("TORCH"))
    assert torch.name == "torch" and len(torch.specifier) == 1 and next(iter(torch.specifier)).operator == "=="
    (allowed,) = [Requirement(text) for text in _pyproject_extra("torch")]
    assert allowed.specifier.contains(next(iter(torch.specifier)).version), f"TORCH={torch} is outside pyproject.toml's {allowed}"


def _pyproject_extra(extra: str) -> list[str]:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"][extra]


def test_lock_check_catches_a_pin_outside_the_range(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above fails on a lock that pins a version pyproject.toml excludes."""
    lock = tmp_path / "lock.txt"
    lock.write_text(re.sub(r"(?mi)^numpy==\S+$", "numpy==1.20.0", LOCK.read_text(encoding="utf-8")))
    monkeypatch.setattr(sys.modules[__name__], "LOCK", lock)
    with pytest.raises(AssertionError, match="numpy==1.20.0"):
        test_lock_pins_every_requirement_within_pyprojects_ranges()


def test_lower_bounds_pin_each_requirement_at_its_lowest_version() -> None:
    constraints = dict(line.split("==") for line in lower_bounds.constraints())
    assert constraints["numpy"] == "1.26"
    for requirement in lower_bounds.requirements():
        if requirement.name in constraints:
            assert requirement.specifier.contains(constraints[requirement.name], prereleases=True)
        else:
            assert lower_bounds.lower_bound(requirement) is None
    assert "torch" not in constraints, "the torch extra's lower bound would download a CUDA build"


# --------------------------------------------------------------------- the Makefile


def test_makefile_installs_from_the_lock_and_reinstalls_when_it_changes() -> None:
    lock = _makefile_variable("LOCK")
    assert ROOT / lock == LOCK
    commands = _make("-B", "install", "PYTHON=python3")
    installs = [line for line in commands.splitlines() if " pip install " in line and "-e " in line]
    assert installs and all(f"-c {lock}" in line for line in installs), commands
    database = _make("-p", "install")
    stamp = re.search(r"^\.venv/\.installed:(.*)$", database, re.M)
    assert stamp and lock in stamp.group(1).split(), "the install stamp must depend on the lock"


def test_make_build_is_the_complete_course_built_as_the_tests_build_it() -> None:
    """make build installs torch (lesson 5 runs its PyTorch code) and runs the tests' strict build command."""
    commands = _make("-B", "build").splitlines()
    torch = [line for line in commands if "pip install" in line and _makefile_variable("TORCH") in line]
    assert torch and all(f"-c {_makefile_variable('LOCK')}" in line for line in torch), "make build must install TORCH, from the lock"
    (build,) = [line for line in commands if " build --strict" in line]
    tests_command, _ = _build_command(Path("site"))
    assert build.split()[1:] == tests_command[3:], "make build and the tests' build must run the same mkdocs command"
    assert build.split()[0].endswith("/mkdocs")


@pytest.mark.site
def test_make_build_gives_the_same_bytes_as_the_tests_build(built_site: Path, build_cache: Path, tmp_path: Path) -> None:
    """`make build` (from the tests' block cache, as the second of the tests' two builds is) equals the tests' site,
    file for file, and its lesson 5 shows PyTorch's output."""
    cache = tmp_path / "cache"
    shutil.copytree(build_cache, cache)
    site = tmp_path / "site"
    _, env = _build_command(site, cache=cache)
    # the stamps are taken as they are: this runs the build, never an install
    # its PDF step prints one lesson here (tests/test_pdf.py prints them all and checks every link to them)
    command = ["make", "-o", ".venv/.installed", "-o", ".venv/.torch-installed", "build", f"SITE_DIR={site}", "PDF_ARGS=--only lesson-03.pdf"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert sorted(p.name for p in (site / "pdf").iterdir()) == ["lesson-03.pdf"], "make build prints the PDFs after the site"
    made = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.parent != site / "pdf")
    tests = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    assert made == tests
    differ = [str(p) for p in made if (site / p).read_bytes() != (built_site / p).read_bytes()]
    assert differ == [], f"make build and the tests' build differ in {differ[:10]}"
    lesson = (site / "lessons" / "05-three-implementations" / "index.html").read_text(encoding="utf-8")
    if os.environ.get("CI") or _has_torch():
        assert "dtype=torch.float64" in lesson, "make build's lesson 5 shows no PyTorch output"


def _has_torch() -> bool:
    import importlib.util

    return importlib.util.find_spec("torch") is not None


# --------------------------------------------------------------------- the workflow


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_pages_workflow_tests_builds_and_deploys_with_the_contributors_commands() -> None:
    workflow = _workflow()
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    uses = [step.get("uses", "") for step in build["steps"]]
    # system packages from Debian, then the Makefile: the lock, the whole suite, the build
    assert build["container"].startswith("debian:")
    assert any("apt-get install" in run and "chromium" in run for run in runs)
    made = [run.strip() for run in runs if run.strip().startswith("make ")]
    assert made == ["make install", "make test", "make build"], made  # make build prints the PDFs too
    (test_step,) = [step for step in build["steps"] if step.get("run", "").strip() == "make test"]
    assert test_step["env"]["CI"] == "true", "with CI set a missing browser or torch fails instead of skipping"
    (upload,) = [step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload["with"]["path"] == _makefile_variable("SITE_DIR")
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    (build_step,) = [step for step in build["steps"] if step.get("run", "").strip() == "make build"]
    assert "steps.pages.outputs.base_url" in build_step["env"]["GDNOTES_SITE_URL"], "a fork's build must take its own Pages address"


# --------------------------------------------------------------------- the site's address


def test_site_url_is_one_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GDNOTES_SITE_URL", raising=False)
    default = mkdocs_config()["site_url"]
    assert re.fullmatch(r"https://[a-z0-9.-]+/([a-z0-9-]+/)*", default), default
    assert "example" not in default, "site_url must be a real address, not a placeholder"
    monkeypatch.setenv("GDNOTES_SITE_URL", "https://someone.github.io/fork/")
    assert mkdocs_config()["site_url"] == "https://someone.github.io/fork/"
    assert "GDNOTES_SITE_URL" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.site
def test_404_page_is_built_with_absolute_links(built_site: Path) -> None:
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page
    site_url = mkdocs_config()["site_url"]
    base = "/" + site_url.split("/", 3)[3]
    # served for any missing address, at any depth: every local link and asset is absolute
    for link in re.findall(r'(?:href|src)="([^"#]+)"', page):
        if not link.startswith(("http:", "https:", "data:", "mailto:")):
            assert link.startswith(base), f"404.html links {link!r}, which breaks below the top folder"
    assert f'href="{site_url}"' in page, "the 404 page links the home page"


def test_404_page_is_styled_and_links_home_below_the_top_folder(built_site: Path, browser: object) -> None:
    """At a missing address two folders deep (what GitHub Pages answers with 404.html), the page has its
    styles and scripts, and its home link leads to the home page."""
    from _browser import SITE_URL, clean, served_at_site_url

    probe = served_at_site_url(browser, built_site)
    try:
        page = probe.page
        response = page.goto(SITE_URL + "lessons/no-such-lesson/at/all/", wait_until="load")
        assert response.status == 404
        assert page.locator("h1", has_text="Page not found").is_visible()
        assert page.locator(".md-header").is_visible(), "the 404 page lost its stylesheet"
        page.get_by_role("link", name="The course's home page").click()
        page.wait_for_url(SITE_URL)
        assert page.locator(".md-content h1").first.is_visible()
        probe.console_errors = [e for e in probe.console_errors if "404" not in e]  # the missing page itself
        clean(probe)
    finally:
        page.context.close()
