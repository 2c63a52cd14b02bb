"""Option bundles shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_STORE = "./fkg-store"


def store_option(func: F) -> F:
    """`--store` (env FKG_STORE): a store folder, or an http(s) SPARQL endpoint URL."""
    return click.option(
        "--store",
        "store",
        envvar="FKG_STORE",
        default=DEFAULT_STORE,
        show_default=True,
        show_envvar=True,
        help="Store folder (created if missing), or the URL of a SPARQL 1.1 endpoint.",
    )(func)


def output_option(func: F) -> F:
    """`-o/--output FILE` (default: standard output)."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        default=None,
        help="Write to FILE instead of standard output.",
    )(func)
