"""Every relative link of the README and docs/ resolves to a file of the project."""

import re

import pytest

from experiments.common.paths import PROJECT_ROOT

DOCUMENTS = [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
GENERATED = ("results/",)  # figures the gallery and runners write, not tracked


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_relative_links_resolve(document):
    broken = []
    for target in LINK.findall(document.read_text()):
        if target.startswith(("http://", "https://", "#", "mailto:")):
            continue
        path = (document.parent / target.split("#")[0]).resolve()
        if any(part in str(path.relative_to(PROJECT_ROOT)) for part in GENERATED):
            continue
        if not path.exists():
            broken.append(target)
    assert not broken, f"{document.name}: broken links {broken}"


def test_every_code_path_named_in_the_readme_layout_exists():
    readme = (PROJECT_ROOT / "README.md").read_text()
    layout = readme.split("## Layout", 1)[1].split("```")[1]
    missing = []
    folder = ""
    for line in layout.splitlines():
        if not line.startswith(" "):
            folder = line.split()[0] if line.strip() else folder
        elif line.startswith("  ") and not line.startswith("   "):
            named = re.split(r"\s{2,}", line.strip())[0]  # the names before the description
            names = [n.strip(",") for n in named.split() if n.strip(",").endswith((".py", "/"))]
            missing += [f"{folder}{n}" for n in names if not (PROJECT_ROOT / folder / n).exists()]
    assert not missing, missing
