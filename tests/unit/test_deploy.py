"""deploy/: what a file can be checked for without a container runtime. The compose file parses, its
services and environment match the config's names; every command the recipes run is one the CLI
accepts; the image's health check asks the port the image listens on. (deploy/check.sh runs the
Dockerfile's steps and systemd-analyze; README: Deploying.)"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy.engine import make_url

from bot.cli import _parser
from bot.config import DATABASE_URL_ENV, OPS_LISTEN_ENV, TOKEN_ENV, load_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
_VARIABLE = re.compile(r"\$\{(\w+)(?::([-?])([^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if name in env:
            return env[name]
        if kind == "?":
            raise KeyError(f"{name}: {rest}")
        return rest or ""

    return _VARIABLE.sub(one, value)


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    return loaded


def bot_env(env: dict[str, str]) -> dict[str, str]:
    return {k: interpolate(str(v), env) for k, v in compose()["services"]["bot"]["environment"].items()}


def test_compose_has_the_bot_and_postgres_and_the_bot_waits_for_it() -> None:
    services = compose()["services"]
    assert set(services) == {"db", "bot"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["bot"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["bot"]["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    assert (DEPLOY / services["bot"]["build"]["context"] / services["bot"]["build"]["dockerfile"]).is_file()


def test_the_bot_is_configured_only_through_names_the_config_reads() -> None:
    assert set(compose()["services"]["bot"]["environment"]) == {TOKEN_ENV, DATABASE_URL_ENV, OPS_LISTEN_ENV}
    with pytest.raises(KeyError, match=TOKEN_ENV):
        bot_env({})  # no token, no start: compose refuses with the reason


def test_the_database_url_names_the_db_service_and_its_credentials() -> None:
    env = {TOKEN_ENV: "123:X", "POSTGRES_PASSWORD": "s3cret"}
    db = {k: interpolate(str(v), env) for k, v in compose()["services"]["db"]["environment"].items()}
    url = make_url(bot_env(env)[DATABASE_URL_ENV])
    assert url.drivername == "postgresql+asyncpg" and url.host == "db" and url.port == 5432
    assert (url.username, url.password, url.database) == (db["POSTGRES_USER"], "s3cret", db["POSTGRES_DB"])
    assert make_url(bot_env({TOKEN_ENV: "123:X"})[DATABASE_URL_ENV]).password == "jinlin", "the default matches too"


def test_the_mounted_config_loads_with_the_containers_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    bot = compose()["services"]["bot"]
    [mount] = bot["volumes"]
    source, target, mode = mount.split(":")
    assert mode == "ro"
    assert _parser().parse_args(bot["command"]).config == target
    for name, value in bot_env({TOKEN_ENV: "123:X"}).items():
        monkeypatch.setenv(name, value)
    config = load_config(DEPLOY / source)
    assert config.database.url.startswith("postgresql+asyncpg://")
    assert config.ops.listen is not None
    published = {int(p.rsplit(":", 1)[1]) for p in bot["ports"]}
    assert published == {config.ops.listen[1]}, "the port published is the one the bot listens on"


def dockerfile() -> str:
    return (DEPLOY / "Dockerfile").read_text(encoding="utf-8")


def json_array(instruction: str) -> list[str]:
    found = re.search(rf"^{instruction} (\[.*\])$", dockerfile(), re.MULTILINE)
    assert found, instruction
    return list(yaml.safe_load(found.group(1)))


def test_the_image_runs_a_command_the_cli_knows_and_checks_its_own_port() -> None:
    assert json_array("ENTRYPOINT") == ["jinlin"]
    args = _parser().parse_args(json_array("CMD"))
    assert args.command == "run" and args.config == "/etc/jinlin/config.toml"
    assert compose()["services"]["bot"]["command"] == json_array("CMD")
    listen = re.search(rf"{OPS_LISTEN_ENV}=(\S+)", dockerfile())
    assert listen and listen.group(1) == bot_env({TOKEN_ENV: "x"})[OPS_LISTEN_ENV]
    port = listen.group(1).rsplit(":", 1)[1]
    assert f"127.0.0.1:{port}/healthz" in dockerfile() and f"EXPOSE {port}" in dockerfile()


def test_the_image_copies_every_package_the_project_installs() -> None:
    copied = {line.split()[1] for line in dockerfile().splitlines() if line.startswith("COPY ")}
    assert {"bot", "handlers", "storage", "jobs", "deploy/install.sh"} <= copied
    assert "RUN sh deploy/install.sh /opt/jinlin" in dockerfile()


@pytest.mark.parametrize("unit", ["jinlin.service", "jinlin-backup.service"])
def test_the_systemd_units_run_commands_the_cli_knows(unit: str) -> None:
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    [start] = re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)
    words = shlex.split(start)
    if words[:2] == ["/bin/sh", "-c"]:
        words = shlex.split(words[2].replace("%%", "%"))[1:]  # after `exec`
    assert words[0] == "/opt/jinlin/.venv/bin/jinlin"
    args = _parser().parse_args(words[1:])
    assert args.config == "/etc/jinlin/config.toml"
    assert "EnvironmentFile=/etc/jinlin/jinlin.env" in text, f"{TOKEN_ENV} comes from there"


def test_the_service_does_not_restart_on_a_start_up_failure() -> None:
    text = (DEPLOY / "jinlin.service").read_text(encoding="utf-8")
    assert "Restart=on-failure" in text and "RestartPreventExitStatus=2" in text
    assert "StateDirectory=jinlin" in text and "WorkingDirectory=/var/lib/jinlin" in text
