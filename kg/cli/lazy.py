"""A click group whose subcommands are imported only when one runs.

``napkg --help`` lists every command from the short help it was registered
with, so neither the command modules nor the libraries they use are loaded
(a test holds each registered short help equal to its command's own).
"""

from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """A click group whose subcommands may live in modules imported only when the subcommand runs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = {}

    def add_lazy_command(self, name: str, target: str, short_help: str) -> None:
        """Register ``module:attribute`` as the command ``name``; ``short_help`` is what ``--help`` lists."""
        self.lazy[name] = (target, short_help)

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.lazy and name not in self.commands:
            module, _, attribute = self.lazy[name][0].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            if name in self.lazy and name not in self.commands:
                rows.append((name, click.Command(name, help=self.lazy[name][1]).get_short_help_str(limit)))
                continue
            cmd = super().get_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd.get_short_help_str(limit=limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
