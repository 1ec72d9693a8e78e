#!/bin/sh
# Install Jinlin from the source tree in the current directory into a fresh virtual environment at $1.
# The Dockerfile's one build step; deploy/check.sh runs the same script outside a container.
set -eu
prefix=${1:?usage: install.sh PREFIX}
python3 -m venv "$prefix"
"$prefix/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check .
# The wheel must carry the migrations and the reader's model: fail the build here, not at the first start.
"$prefix/bin/python" -c "from storage.migrate import head; from handlers.understanding import read_message; \
assert head(), 'no migrations in the package'; read_message('198号楼谁能帮我收下被子')"
"$prefix/bin/jinlin" --help > /dev/null
