#!/usr/bin/env bash
# Checks what this machine can check of deploy/ without a container runtime or a booted systemd:
#  1. the Dockerfile's COPY steps and its install RUN step, run outside a container into a scratch
#     directory (paths /src and /opt/jinlin moved there; the useradd step is not run);
#  2. the installed package, from outside the source tree: `jinlin run` against the fake Bot API with
#     the image's JINLIN_OPS_LISTEN, the Dockerfile's HEALTHCHECK command, `jinlin doctor`, SIGTERM;
#  3. the systemd units with `systemd-analyze verify`, pointed at that installation.
# compose.yaml is checked by tests/unit/test_deploy.py (parsed, its names matched with the config).
# Usage: deploy/check.sh   (or: make deploy-check). Needs python3 and PyPI; takes a minute or two.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dockerfile="$root/deploy/Dockerfile"

echo "== 1. Dockerfile: COPY and RUN, outside a container (in $work)"
mkdir -p "$work/src"
while read -r _ line; do
    read -r -a parts <<< "$line"
    dest="$work/src/${parts[-1]}"
    sources=("${parts[@]:0:${#parts[@]}-1}")
    if [[ ${#sources[@]} -gt 1 || "${parts[-1]}" == */ ]]; then mkdir -p "$dest"; else mkdir -p "$(dirname "$dest")"; fi
    (cd "$root" && cp -r "${sources[@]}" "$dest")
    echo "COPY ${line}"
done < <(grep '^COPY ' "$dockerfile")
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
while read -r _ line; do
    if [[ "$line" == *useradd* ]]; then echo "not run (it would add a user to this machine): RUN $line"; continue; fi
    run=${line//\/opt\/jinlin/$work/opt/jinlin}
    run=${run//\/src/$work/src}
    echo "RUN $line"
    echo "    as: $run"
    (cd "$work/src" && eval "$run") 2>&1 | sed 's/^/    /'
done < <(grep '^RUN ' "$dockerfile")
prefix="$work/opt/jinlin"
test -x "$prefix/bin/jinlin" && echo "installed: $prefix/bin/jinlin"
test ! -e "$work/src" && echo "the source tree was removed after the install, as in the image"

echo "== 2. the installed bot, its HEALTHCHECK and doctor"
listen=$(sed -n 's/.*JINLIN_OPS_LISTEN=\([^ \\]*\).*/\1/p' "$dockerfile")
healthcheck=$(sed -n 's/^ *CMD \(\[.*\]\)$/\1/p' "$dockerfile" | head -1)
cd "$work"
PATH="$prefix/bin:$PATH" "$prefix/bin/python" - "$listen" "$healthcheck" <<'PY'
import asyncio, json, os, signal, sys, time

from bot.fakeapi import FakeBotApi

listen, healthcheck = sys.argv[1], json.loads(sys.argv[2])


async def main() -> int:
    async with FakeBotApi() as api:
        api.group(-1001001, "check")
        with open("config.toml", "w", encoding="utf-8") as f:
            f.write(f'[telegram]\napi_base = "{api.base_url}"\npoll_timeout = 1\n[database]\nurl = "sqlite+aiosqlite:///bot.db"\n'
                    '[[communities]]\nname = "A"\n[[communities.compounds]]\nname = "B"\nbuildings = ["1"]\nchats = [-1001001]\n')
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": api.token, "JINLIN_OPS_LISTEN": listen}
        bot = await asyncio.create_subprocess_exec("jinlin", "run", "--config", "config.toml", env=env)
        deadline, healthy = time.monotonic() + 60, False
        while time.monotonic() < deadline and not healthy:
            await asyncio.sleep(0.5)
            check = await asyncio.create_subprocess_exec(*healthcheck, env=env, stderr=asyncio.subprocess.DEVNULL)
            healthy = await check.wait() == 0
        print(f"HEALTHCHECK {' '.join(healthcheck[:2])} …: {'healthy' if healthy else 'NOT healthy'} (listening on {listen})")
        doctor = await asyncio.create_subprocess_exec("jinlin", "doctor", "--config", "config.toml", env=env)
        doctor_code = await doctor.wait()
        bot.send_signal(signal.SIGTERM)
        bot_code = await asyncio.wait_for(bot.wait(), 30)
        print(f"doctor exit {doctor_code}; jinlin run after SIGTERM exit {bot_code}")
        return 0 if healthy and doctor_code == 0 and bot_code == 0 else 1


sys.exit(asyncio.run(main()))
PY

echo "== 3. systemd units (systemd-analyze verify)"
if command -v systemd-analyze > /dev/null; then
    mkdir -p "$work/units" "$work/etc"
    echo "TELEGRAM_BOT_TOKEN=123:TEST" > "$work/etc/jinlin.env"
    for unit in "$root"/deploy/*.service "$root"/deploy/*.timer; do
        sed -e "s#/opt/jinlin/.venv#$prefix#g" -e "s#/etc/jinlin#$work/etc#g" "$unit" > "$work/units/$(basename "$unit")"
    done
    (cd "$work/units" && systemd-analyze verify ./*.service ./*.timer) && echo "systemd-analyze verify: clean"
else
    echo "systemd-analyze is not installed here: the units were not verified"
fi
echo "deploy/check.sh: all checks passed"
