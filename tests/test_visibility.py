"""`visibility` in `[tool.site-gen]`: asked for by `site-gen check`, obeyed by `site-gen build`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_gen.cli import main
from site_gen.visibility import visibility_error
from tests.conftest import REPO, MakeRegistry, plugin_files

MKDOCS_YML = str(REPO / "mkdocs.yml")
TABLE = '[project]\nname = "x"\n\n[tool.site-gen]\nmarketplace = "acme-ml-skills"\n'
HINT = (
    '    hint: in [tool.site-gen] of pyproject.toml write visibility = "public" (anyone on the '
    'internet may read the site) or visibility = "private" (only people with access to the '
    'repository; needs a private GitHub Pages site, see README "Deploy your own registry")'
)
ROBOTS_META = re.compile(r'<meta name="robots" content="noindex, nofollow">')


def check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), *args])
    return result.exit_code, result.stdout


def test_check_asks_for_visibility_once_with_what_to_write(make_registry: MakeRegistry) -> None:
    root = make_registry({**plugin_files(), "pyproject.toml": TABLE})
    assert check(root) == (
        0,
        "pyproject.toml:4: W802 warning: [tool.site-gen] does not say who may read the site\n"
        f"{HINT}\n0 errors, 1 warning\n",
    )
    assert check(root, "--strict")[0] == 1
    (root / "pyproject.toml").write_text(TABLE + 'visibility = "private"\n')
    assert check(root, "--strict") == (0, "0 errors, 0 warnings\n")


@pytest.mark.parametrize(
    ("line", "shown"),
    [('"Private"', '"Private"'), ("true", "true"), ('"internal"', '"internal"'), ("1", "1")],
)
def test_a_wrong_value_is_an_error_on_its_line(
    make_registry: MakeRegistry, line: str, shown: str
) -> None:
    root = make_registry({**plugin_files(), "pyproject.toml": f"{TABLE}visibility = {line}\n"})
    code, out = check(root)
    assert code == 1
    assert out.splitlines()[0] == (
        f'pyproject.toml:6: E801 error: visibility = {shown} is not one of "public", "private"'
    )


def test_a_wrong_value_stops_the_build(make_registry: MakeRegistry) -> None:
    root = make_registry({**plugin_files(), "pyproject.toml": TABLE + 'visibility = "secret"\n'})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--config", MKDOCS_YML])
    assert result.exit_code == 1
    assert "E801" in result.output and "build stopped: nothing was written" in result.output
    assert not (root / "site").exists()


def test_visibility_error_is_the_rule_init_shares() -> None:
    assert visibility_error("public") == visibility_error("private") == ""
    assert visibility_error("") == 'visibility = "" is not one of "public", "private"'
    assert visibility_error(None) == 'visibility = None is not one of "public", "private"'


def build(make_registry: MakeRegistry, visibility: str) -> Path:
    files = {**plugin_files(), **plugin_files("ddp-hang", "distributed")}
    root = make_registry({**files, "pyproject.toml": f'{TABLE}visibility = "{visibility}"\n'})
    result = CliRunner().invoke(main, ["build", "--root", str(root), "--config", MKDOCS_YML])
    assert result.exit_code == 0, result.output
    return root / "site"


def test_a_private_build_keeps_crawlers_out_of_every_page(make_registry: MakeRegistry) -> None:
    site = build(make_registry, "private")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10  # home, 404, indexes, lookup, both skills...
    assert {p.relative_to(site).as_posix() for p in pages} >= {
        "index.html",
        "404.html",
        "errors/index.html",
        "skills/lora-fp16-nan/index.html",
    }
    for page in pages:
        head = page.read_text("utf-8").split("</head>", 1)[0]
        assert len(ROBOTS_META.findall(head)) == 1, page
    assert (site / "robots.txt").read_text() == (
        "# visibility = private: this registry is not for search engines.\n"
        "User-agent: *\nDisallow: /\n"
    )
    # Agents inside the organisation still find everything, behind the same access control.
    assert (site / "llms.txt").is_file()
    assert (site / ".well-known/skills/index.json").is_file()


def test_a_public_build_invites_crawlers(make_registry: MakeRegistry) -> None:
    site = build(make_registry, "public")
    pages = sorted(site.rglob("*.html"))
    assert pages
    assert not [p for p in pages if 'name="robots"' in p.read_text("utf-8")]
    assert not (site / "robots.txt").exists()
    assert (site / "llms.txt").is_file()
