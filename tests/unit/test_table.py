"""The one command table: every command has exactly one handler, and the menu and /help come from it."""

from __future__ import annotations

import inspect
import typing

from bot.texts import CATALOGS
from handlers import commands
from handlers.table import HELPED, MENU, ROUTES, SLASH


def _concrete_commands() -> set[type]:
    """Every command class a route can be filed under: the leaves of handlers/commands/."""
    classes = {
        value for value in vars(commands).values()
        if inspect.isclass(value)
        and value.__module__.startswith(commands.__name__ + ".")
        and value is not commands.CommandCall
    }
    return {c for c in classes if not any(other is not c and issubclass(other, c) for other in classes)}


def test_every_command_has_exactly_one_route() -> None:
    filed = [route.command for route in ROUTES]
    assert len(filed) == len(set(filed)), "a command filed twice"
    assert set(filed) == _concrete_commands()


def test_each_handler_takes_the_command_it_is_filed_under() -> None:
    mismatched = []
    for route in ROUTES:
        hints = typing.get_type_hints(route.handle)
        parameter = list(inspect.signature(route.handle).parameters)[2]
        if not issubclass(route.command, hints[parameter]):
            mismatched.append((route.command.__name__, route.handle.__name__))
    assert mismatched == []


def test_slash_commands_menu_and_help_come_from_the_table() -> None:
    assert set(MENU) <= set(SLASH) and set(HELPED) <= set(SLASH)
    assert MENU == ("help", "ask", "volunteer", "home", "open", "me", "hours", "quiet", "load", "serve", "report",
                    "export")
    assert "vet" in HELPED and "vet" not in MENU and "start" not in HELPED
    slashed = {route.slash: route.command for route in ROUTES if route.slash is not None}
    assert set(SLASH) == set(slashed) and all(issubclass(command, commands.Slash) for command in slashed.values())


def test_every_catalog_describes_every_menu_command_and_helps_with_each_in_table_order() -> None:
    for locale, catalog in CATALOGS.items():
        assert all(f"cmd_{name}" in catalog for name in MENU), locale
        help_text = catalog["help"]
        assert isinstance(help_text, str)
        positions = [help_text.index(f"/{name}") for name in HELPED]
        assert positions == sorted(positions), locale
