"""The bot's profile methods of the fake Bot API: its command menu and its descriptions."""

from __future__ import annotations

import copy
import json
import re

from .errors import ApiError
from .models import Json
from .world import World

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


class ProfileMethods:
    """Mixed into Methods, whose table finds these by name."""

    world: World

    @staticmethod
    def _command_key(p: Json) -> str:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True) + "|" + str(p.get("language_code") or "")

    async def _set_my_commands(self, p: Json) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError.bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND.match(str(command.get("command"))):
                raise ApiError.bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError.bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.world.commands[self._command_key(p)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, p: Json) -> list[Json]:
        return copy.deepcopy(self.world.commands.get(self._command_key(p), []))

    async def _delete_my_commands(self, p: Json) -> bool:
        self.world.commands.pop(self._command_key(p), None)
        return True

    def _set_text(self, kind: str, p: Json, limit: int) -> bool:
        value = str(p.get(kind) or "")
        if len(value) > limit:
            raise ApiError.bad_request(f"{kind.upper()}_INVALID")
        self.world.texts[f"{kind}:{p.get('language_code') or ''}"] = value
        return True

    async def _set_my_description(self, p: Json) -> bool:
        return self._set_text("description", p, 512)

    async def _set_my_short_description(self, p: Json) -> bool:
        return self._set_text("short_description", p, 120)

    async def _get_my_description(self, p: Json) -> Json:
        key = f"description:{p.get('language_code') or ''}"
        return {"description": self.world.texts.get(key, "")}

    async def _get_my_short_description(self, p: Json) -> Json:
        key = f"short_description:{p.get('language_code') or ''}"
        return {"short_description": self.world.texts.get(key, "")}
