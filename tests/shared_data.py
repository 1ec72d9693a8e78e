"""The shared data the tests read: `../shared/` next to the repository's root, wherever it is
checked out. A missing file fails the test that needs it, loudly, rather than skipping it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: the tests read the shared data from ../shared/ beside the repository root"
        )
    return path
