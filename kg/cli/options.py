"""Options shared by ``napkg``'s commands, and the one way an option is tied to a setting.

An option that sets a setting of :mod:`kg.settings` is made by
:func:`setting_option`: its help ends with the setting's environment variable
and default, read from the settings table, so ``--help`` cannot disagree with
what runs. The option's own default stays ``None``: an absent option leaves the
setting as the environment (``NAPKG_<NAME>``) or the table gave it.

>>> opt = SettingOption(["--workers", "build_workers"], setting="build_workers")
>>> opt.help.endswith("[NAPKG_BUILD_WORKERS; default: 2]")
True
"""

from __future__ import annotations

import functools

import click

from ..settings import BY_NAME, Setting, Settings
STORE_CHOICES = ["oxigraph", "memory", "sparql"]


def shown_default(setting: Setting) -> str:
    """A setting's default as ``--help`` shows it: ``none`` for an empty one."""
    return "none" if setting.default in ("", None) else str(setting.default)


class SettingOption(click.Option):
    """A click option backed by a setting; ``.setting`` is its row of the settings table."""

    def __init__(self, *args, setting: str, **kwargs):
        self.setting = BY_NAME[setting]
        text = kwargs.get("help") or self.setting.help
        kwargs["help"] = f"{text} [NAPKG_{setting.upper()}; default: {shown_default(self.setting)}]"
        super().__init__(*args, **kwargs)


def setting_option(*param_decls: str, setting: str, **kwargs):
    """``click.option`` for the setting ``setting``: help (unless given) and default shown from its row."""
    return click.option(*param_decls, cls=SettingOption, setting=setting, **kwargs)


def progress(msg: str) -> None:
    """A progress line on stderr."""
    click.echo(f"  … {msg}", err=True)


def settings_of(ctx: click.Context, **overrides) -> Settings:
    """The settings of the run (``napkg``'s own options and the environment), with ``overrides`` not None."""
    base = ctx.find_object(Settings)
    if base is None:  # a command invoked on its own, outside ``napkg``
        base = Settings.from_env()
    changes = {k: v for k, v in overrides.items() if v is not None}
    return base.replace(**changes) if changes else base


_STORE_OPTIONS = (
    ("--store", "store_backend", None),
    ("--sparql-query-url", "sparql_query_url", None),
    ("--sparql-update-url", "sparql_update_url", None),
    ("--sparql-graph-store-url", "sparql_graph_store_url", None),
    ("--sparql-user", "sparql_user", "sparql backend: the account that writes; its password only from "
                                     "NAPKG_SPARQL_PASSWORD or NAPKG_SPARQL_PASSWORD_FILE."),
    ("--sparql-read-user", "sparql_read_user", "sparql backend: the read-only account (empty: anonymous); its "
                                               "password only from NAPKG_SPARQL_READ_PASSWORD(_FILE)."),
)


def store_options(fn):
    """``--store`` and the remote store's URLs and accounts on a subcommand (never a password: see the README)."""
    dests = {dest for _, dest, _ in _STORE_OPTIONS}

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        changes = {dest: kwargs[dest] for dest in dests if kwargs.get(dest) is not None}
        kwargs = {k: v for k, v in kwargs.items() if k not in dests}
        ctx = click.get_current_context()
        if changes:
            ctx.obj = settings_of(ctx).replace(**changes)
        return fn(*args, **kwargs)

    for flag, dest, help_ in reversed(_STORE_OPTIONS):
        kind = click.Choice(STORE_CHOICES) if dest == "store_backend" else str
        wrapper = setting_option(flag, dest, setting=dest, type=kind, help=help_)(wrapper)
    return wrapper
