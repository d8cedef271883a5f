"""The CLI package: help drawn from the settings table, lazy registrations that match, no click outside kg/cli/."""

from __future__ import annotations

import ast

import click
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.cli.options import SettingOption
from kg.settings import ROOT, SETTINGS


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield path + (name,), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path + (name,))


def _setting_options():
    found = [((), opt) for opt in cli.params if isinstance(opt, SettingOption)]
    for path, cmd in _commands(cli):
        found += [(path, opt) for opt in cmd.params if isinstance(opt, SettingOption)]
    return found


SETTING_OPTIONS = _setting_options()


def _expected_tag(name: str) -> str:
    default = {s.name: s.default for s in SETTINGS}[name]
    return f"[NAPKG_{name.upper()}; default: {'none' if default == '' else default}]"


@pytest.mark.parametrize("path, opt", SETTING_OPTIONS,
                         ids=[" ".join(p + (o.opts[0],)) for p, o in SETTING_OPTIONS])
def test_help_shows_the_setting_default_and_variable(path, opt):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # click wraps the help at any space
    after = text.split(f" {opt.opts[0]} ", 1)[1]
    start = after.index("[NAPKG_")
    assert after[start: after.index("]", start) + 1] == _expected_tag(opt.setting.name)


def test_the_options_tied_to_settings_are_all_made_from_the_table():
    covered = {opt.setting.name for _, opt in SETTING_OPTIONS}
    assert covered >= {"data_dir", "store_dir", "store_backend", "build_workers", "validator", "reasoner",
                       "max_result_rows", "query_workers", "sparql_query_url", "sparql_update_url",
                       "sparql_graph_store_url", "sparql_user", "sparql_read_user"}
    hand_written = [(path, opt.opts[0]) for path, cmd in [((), cli), *_commands(cli)] for opt in cmd.params
                    if not isinstance(opt, SettingOption) and "NAPKG_" in (getattr(opt, "help", None) or "")]
    assert hand_written == []  # a variable named by hand could disagree with the table


def test_the_listed_short_help_is_the_command_own():
    ctx = click.Context(cli)
    for name, (_, short_help) in cli.lazy.items():
        cmd = cli.get_command(ctx, name)
        assert click.Command(name, help=short_help).get_short_help_str(200) == cmd.get_short_help_str(200), name


def _imports(path):
    """Modules a file imports, relative ones resolved against its package."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield module
            yield from (f"{module}.{a.name}" for a in node.names)


def test_only_kg_cli_uses_click_and_nothing_imports_it_back():
    offenders = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        if path.is_relative_to(ROOT / "kg" / "cli"):
            continue
        for module in _imports(path):
            if module == "click" or module.startswith("click.") or module == "kg.cli" or module.startswith("kg.cli."):
                offenders.append((str(path.relative_to(ROOT)), module))
    assert offenders == []
