"""The docs stay true: every relative link resolves and every PLAZA_* setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
# Settings read from the environment in Plaza's code: env("PLAZA_X"), env_int("PLAZA_X", ...) ...
SETTING = re.compile(r"""env\w*\(\s*["'](PLAZA_[A-Z0-9_]+)["']""")
# Read only by the test set-up, never by an operator.
INTERNAL = {"PLAZA_TEST_SQLITE_FILE"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    text = re.sub(r"```.*?```|`[^`\n]*`", "", doc.read_text(encoding="utf-8"), flags=re.S)
    for target in LINK.findall(text):  # links outside code
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue  # external links and anchors on the same page
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        if not path.exists():
            broken.append(target)
    assert broken == [], f"{doc.relative_to(ROOT)} links to missing files: {broken}"


def test_every_setting_is_documented_on_the_configuration_page() -> None:
    read = {
        name
        for path in (ROOT / "plaza").rglob("*.py")
        for name in SETTING.findall(path.read_text(encoding="utf-8"))
    }
    assert len(read) > 40  # the pattern still finds the settings
    documented = (ROOT / "docs" / "admin" / "configuration.md").read_text(encoding="utf-8")
    missing = sorted(name for name in read - INTERNAL if f"`{name}`" not in documented)
    assert missing == [], f"settings missing from docs/admin/configuration.md: {missing}"
