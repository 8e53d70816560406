"""What traces a result to its code and config: git commit, package versions, file and config digests."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from experiments.common.paths import PROJECT_ROOT

PACKAGES = ("mesa", "hydra-core", "omegaconf", "numpy", "scipy", "pandas", "pyarrow", "matplotlib")


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_commit(repo: Path = PROJECT_ROOT) -> str:
    """The commit of ``repo``, with ``-dirty`` if it has uncommitted changes; "unknown" outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("-dirty" if dirty else "")


def package_versions() -> dict[str, str]:
    """Versions of Python and of the packages results depend on."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    versions["scamscape"] = metadata.version("scamscape")
    return versions


def run_config_digest(resolved: dict) -> str:
    """The ``config_sha256`` of a run's manifest: SHA-256 of its resolved config but ``output``."""
    kept = {key: value for key, value in resolved.items() if key != "output"}
    return hashlib.sha256(json.dumps(kept, sort_keys=True, default=str).encode()).hexdigest()
