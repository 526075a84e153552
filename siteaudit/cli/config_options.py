"""Click options generated from CrawlConfig's declarations, so flags cannot drift from it.

A flag's type, choices and help come from the option's declaration; by default it is None
when not given (the config file or the declared default decides) and its help shows the
declared default. Only the flag's spelling, and a command's own default, are chosen here.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

import click

from siteaudit.core.config import option_fields

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

# How each value type is spelled on the command line.
_METAVARS = {int: "N", float: "S", str: "TEXT"}


def config_option(name: str, flag: str | None = None, **overrides: Any) -> Decorator:
    """A --flag for CrawlConfig option ``name`` (bool options: see config_switch).

    ``default=`` gives the command its own default (shown as click's "[default: ...]");
    ``metavar=`` and ``help=`` (with the reason in a comment) replace the generated ones.
    """
    info = option_fields()[name]
    base = info.annotation
    kwargs: dict[str, Any] = {"default": None}
    if typing.get_origin(base) is tuple:
        kwargs.update(multiple=True, metavar="TEXT")
        help_text = f"{str(info.description).rstrip('.')} (repeatable)."
    elif typing.get_origin(base) is typing.Literal:
        kwargs["type"] = click.Choice(typing.get_args(base))
        help_text = str(info.description)
    else:
        if base not in _METAVARS:
            raise TypeError(f"no command-line form for {name}: {base}")
        kwargs.update(type=base, metavar=_METAVARS[base])
        help_text = str(info.description)
    if "default" in overrides:
        kwargs["show_default"] = True
    elif typing.get_origin(base) is not tuple:
        help_text = f"{help_text} [{_shown(info.default)}]"
    kwargs["help"] = help_text
    kwargs.update(overrides)
    return click.option(flag or "--" + name.replace("_", "-"), name, **kwargs)


def config_switch(name: str, flag: str, *, sets: bool, help: str) -> Decorator:
    """A flag that sets bool option ``name`` to ``sets`` (None when not given).

    Its help is the command's own words: a switch usually negates the declared meaning.
    """
    if option_fields()[name].annotation is not bool:
        raise TypeError(f"{name} is not a true/false option")
    return click.option(flag, name, is_flag=True, flag_value=sets, default=None, help=help)


def _shown(default: Any) -> str:
    if isinstance(default, float):
        return f"{default:g}"
    return str(default)
