"""`site-gen`: thin click commands, each calling one library function."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

# Each command imports its library inside itself: `lookup` and `advise` answer in a fraction
# of a second, and importing the emitters, Jinja or MkDocs for them would double that.
from .cache_store import DEFAULT_CACHE
from .cli_build import build, merge, serve
from .cli_options import CACHE_OPTION, ROOT_OPTION
from .config import VISIBILITIES


class _Boundary(click.Group):
    """Every command's outer edge: user-data errors print as problems, never a traceback.

    Errors the commands know (a broken pyproject.toml, a build that stopped) print their
    message and exit 1. Anything else is a bug in site-gen: one line saying so, exit 2;
    SITE_GEN_DEBUG=1 shows the traceback for the bug report.
    """

    def invoke(self, ctx: click.Context) -> object:
        from .config import ConfigError
        from .site_dir import BuildError

        try:
            return super().invoke(ctx)
        except (ConfigError, BuildError) as exc:
            click.echo(str(exc), err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:
            if os.environ.get("SITE_GEN_DEBUG"):
                raise
            name = ctx.invoked_subcommand or "site-gen"
            click.echo(
                f"site-gen {name}: internal error ({type(exc).__name__}: {exc}); this is a bug "
                "in site-gen, not in your files. Rerun with SITE_GEN_DEBUG=1 for the details "
                "and report it.",
                err=True,
            )
            sys.exit(2)


@click.group(cls=_Boundary, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="site-gen")
def main() -> None:
    """Validate, build and publish a registry of Claude Code experiment skills."""


for _command in (build, merge, serve):
    main.add_command(_command)


@main.command()
@ROOT_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github prints workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (what pull requests run).")
@click.option(
    "--base",
    metavar="REF",
    default=None,
    help="Warn for plugins changed since git REF whose version did not (e.g. origin/main).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr: only the problems.")
@CACHE_OPTION
@click.option("--no-cache", is_flag=True, help="Read and parse every plugin again.")
def check(
    root: Path,
    fmt: str,
    strict: bool,
    base: str | None,
    quiet: bool,
    cache_dir: Path | None = None,
    no_cache: bool = False,
) -> None:
    """Validate every plugin and print every problem at once.

    Exit 1 on any error (or any warning with --strict). Progress goes to stderr: a live
    display on a terminal, elsewhere one line per phase, then a summary.

    Example: site-gen check --strict --base origin/main
    """
    from . import problems as P
    from .check import run_check
    from .init import is_setup_problem
    from .progress import make_progress

    progress = make_progress(lambda text: click.echo(text, err=True), quiet)
    try:
        cache = None if no_cache else cache_dir or root / DEFAULT_CACHE
        problems = run_check(root, base, progress, cache).problems
    finally:
        progress.close()
    printer = {"text": P.format_text, "json": P.format_json, "github": P.format_github}[fmt]
    click.echo(printer(problems), nl=False)
    strict_failing = strict and any(not is_setup_problem(p) for p in problems)
    failing = any(p.is_error for p in problems) or strict_failing
    sys.exit(1 if failing else 0)


@main.command()
@ROOT_OPTION
@click.option("--repo", required=True, metavar="ORG/NAME", help="The registry's GitHub repo.")
@click.option(
    "--site-url", default=None, help="Where the site is published (default: ORG.github.io/NAME)."
)
@click.option(
    "--marketplace", default=None, help="Marketplace name, typed after @ (default: unchanged)."
)
@click.option("--owner", default=None, help="Marketplace owner shown by Claude Code.")
@click.option("--visibility", type=click.Choice(VISIBILITIES), default=None)
@click.pass_context
def init(
    ctx: click.Context,
    root: Path,
    repo: str,
    site_url: str | None,
    marketplace: str | None,
    owner: str | None,
    visibility: str | None,
) -> None:
    """Make the registry yours: rewrite every place that names it, then run the check.

    Rewrites [tool.site-gen], .claude/settings.json, the tooling skills, the README's install
    lines and the marketplace files.

    Example: site-gen init --repo acme/ml-skills --marketplace acme-ml-skills --owner "Acme ML"
    """
    from .init import InitError, init_registry

    try:
        result = init_registry(root, repo, site_url, marketplace, owner, visibility)
    except InitError as exc:
        raise click.ClickException(str(exc)) from None
    for rel in result.changed:
        click.echo(f"updated {rel}")
    if result.marketplace:
        click.echo(result.marketplace)
    ctx.invoke(check, root=root, fmt="text", strict=False, base=None, quiet=True)


@main.command()
@ROOT_OPTION
@click.argument("spec", metavar="CATEGORY/NAME")
@click.option("--author", default=None, help="Author name (default: git config user.name).")
def new(root: Path, spec: str, author: str | None) -> None:
    """Scaffold plugins/CATEGORY/NAME from templates/experiment-skill-template/.

    Example: site-gen new training/lora-fp16-nan --author "Hojin Yang"
    """
    from .scaffold import ScaffoldError, new_plugin

    try:
        target = new_plugin(root.resolve(), spec, author or _git_user() or "Your Name")
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {target.relative_to(root.resolve())}/")
    click.echo("next: fill in SKILL.md (Failed Attempts first), then run: site-gen check --strict")


def _git_user() -> str:
    try:
        out = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True)
    except OSError:
        return ""
    return out.stdout.strip()


@main.command()
@ROOT_OPTION
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 with a one-line summary when the committed file is stale.",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="List only the plugins without errors (as build --skip-invalid publishes them).",
)
def marketplace(root: Path, check_only: bool, skip_invalid: bool) -> None:
    """Write .claude-plugin/marketplace.json (and the root marketplace.json symlink to it).

    Example: site-gen marketplace --check
    """
    from .config import load_config
    from .emit.marketplace import REPO_PATH
    from .marketplace import compare_marketplace, write_marketplace
    from .registry import check_registry

    checked = check_registry(root)
    if checked.errors and not skip_invalid:
        raise click.ClickException(
            f"the registry has {len(checked.errors)} error(s); fix them first: site-gen check"
        )
    registry = checked.valid_registry() if skip_invalid else checked.registry
    sync = compare_marketplace(root, registry, load_config(root))
    from .search.vendor import all_vendored, stale_vendored, write_vendored, written_by_site_gen

    if check_only:
        click.echo(sync.summary or f"{REPO_PATH} is current")
        copies = all_vendored()
        for path in stale_vendored(root):
            if path in copies or written_by_site_gen(root / path):
                click.echo(f"{path}: stale copy; run site-gen marketplace")
            else:
                click.echo(f"{path}: not a copy site-gen wrote; remove it by hand")
        sys.exit(1 if sync.stale or stale_vendored(root) else 0)
    if sync.stale:
        write_marketplace(root, sync)
    click.echo(f"wrote {REPO_PATH}" if sync.stale else f"{REPO_PATH} is current")
    for path, action in write_vendored(root):
        if action == "kept":
            click.echo(f"{path}: not a copy site-gen wrote; left in place, remove it by hand")
        else:
            click.echo(f"{action} {path}")


@main.command()
@ROOT_OPTION
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, best first.")
@click.argument("query", required=False, default="-")
def lookup(root: Path, limit: int, as_json: bool, query: str) -> None:
    """Find the troubleshooting entry for a pasted error (QUERY, or stdin with -).

    The index is cached under .cache/lookup/ and rebuilt when plugins/ changes.

    Example: python train.py 2>&1 | tail -40 | site-gen lookup --json -
    """
    from .search.lookup import format_json, format_text
    from .search.lookup import lookup as find

    text = sys.stdin.read() if query == "-" else query
    if not text.strip():
        raise click.UsageError("give the error text as QUERY, or - to read it from stdin")
    results = find(root, text, limit)
    click.echo((format_json if as_json else format_text)(results), nl=False)


@main.command()
@ROOT_OPTION
@click.option(
    "--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="Most skills."
)
@click.option("--json", "as_json", is_flag=True, help="A JSON list, best first.")
@click.argument("query", nargs=-1, required=True)
def advise(root: Path, limit: int, as_json: bool, query: tuple[str, ...]) -> None:
    """Rank skills for a planned experiment: why each matched, its failures, its parameters.

    Example: site-gen advise "LoRA fine-tune on 4 GPUs, loss goes NaN in fp16"
    """
    from .search.advise import advise_report

    click.echo(advise_report(root, " ".join(query), limit, as_json), nl=False)


@main.command(name="import")
@ROOT_OPTION
@click.argument("source")
@click.option("--category", default="", help="Category for skills whose front matter has none.")
@click.option("--author", default="", help="Author for skills whose source names none.")
@click.option("--dry-run", is_flag=True, help="Print the plan and check's verdict; write nothing.")
@click.option("--update", is_flag=True, help="Update changed skills (version bumped); no deletes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def import_(
    root: Path,
    source: str,
    category: str,
    author: str,
    dry_run: bool,
    update: bool,
    fmt: str,
    quiet: bool,
) -> None:
    """Import skills from SOURCE (a folder or git URL) into plugins/<category>/<name>/.

    Recognises Agent Skills folders (<dir>/<name>/SKILL.md), flat skills/<name>.md files, a
    Claude Code plugin marketplace, and this registry's layout. Exit 1 when a skill is refused.

    Example: site-gen import ~/.claude/skills --category training --dry-run
    """
    from .importer import Options, import_source
    from .importer.report import format_json, format_text
    from .progress import make_progress

    options = Options(category=category, author=author, update=update)
    progress = make_progress(lambda text: click.echo(text, err=True), quiet)
    try:
        report = import_source(root, source, options, dry_run=dry_run, progress=progress)
    finally:
        progress.close()
    click.echo((format_json if fmt == "json" else format_text)(report), nl=False)
    sys.exit(1 if report.failed else 0)


@main.command()
@ROOT_OPTION
@click.argument("transcript", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--session", "session_id", metavar="ID", help="Transcript of this session id.")
@click.option("--latest", is_flag=True, help="The newest transcript of --cwd (the default).")
@click.option("--cwd", metavar="DIR", help="Working directory of the session (default: here).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "markdown"]),
    default="json",
    show_default=True,
)
@click.option(
    "--draft",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Fill this plugin folder (from site-gen new, or a skill to update) from the harvest.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def harvest(
    root: Path,
    transcript: Path | None,
    session_id: str | None,
    latest: bool,
    cwd: str | None,
    fmt: str,
    draft: Path | None,
    quiet: bool,
) -> None:
    """Read a Claude Code session transcript: failures with their fixes (new or known to the
    registry at --root), environment, parameters, configs and scripts, verbatim, masked.

    Example: site-gen harvest --latest --cwd ~/exp --format markdown
    """
    from .harvest.cli_support import harvest_report
    from .progress import make_progress

    progress = make_progress(lambda text: click.echo(text, err=True), quiet)
    try:
        text = harvest_report(root, transcript, session_id, cwd, fmt, draft, progress)
    finally:
        progress.close()
    click.echo(text, nl=False)


if __name__ == "__main__":
    main()
