"""Writing a run's results atomically, with a manifest that traces them to config, seed and code.

Files are written into a hidden staging folder inside the run directory, then renamed into place;
``manifest.json`` comes last. A folder without a manifest is an interrupted run.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

PACKAGES = ("mesa", "hydra-core", "omegaconf", "numpy", "scipy", "pandas", "pyarrow", "matplotlib")
MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_commit(repo: Path) -> str:
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


def config_digest(resolved: dict) -> str:
    """SHA-256 of a resolved config (keys sorted), to tell whether a run was made with it."""
    return hashlib.sha256(json.dumps(resolved, sort_keys=True, default=str).encode()).hexdigest()


def is_complete(run_dir: Path) -> bool:
    """Whether ``run_dir`` holds a finished run whose files match its manifest."""
    manifest_path = run_dir / MANIFEST
    if not manifest_path.is_file():
        return False
    files = json.loads(manifest_path.read_text())["files"]
    return all(
        (run_dir / name).is_file() and sha256(run_dir / name) == digest for name, digest in files.items()
    )


def write_run(run_dir: Path, write_files: Callable[[Path], None], manifest: dict) -> Path:
    """Write a run's files atomically; return the manifest's path.

    Args:
        run_dir: the run's folder (created if needed).
        write_files: writes every result file into the staging folder it is given.
        manifest: provenance fields; ``files`` (name to SHA-256) is added here.
    """
    run_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=run_dir))
    try:
        write_files(staging)
        names = sorted(str(p.relative_to(staging)) for p in staging.rglob("*") if p.is_file())
        manifest = {**manifest, "files": {name: sha256(staging / name) for name in names}}
        for name in names:
            target = run_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
        partial = run_dir / f".{MANIFEST}.partial"
        partial.write_text(json.dumps(manifest, indent=2, default=str))
        os.replace(partial, run_dir / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return run_dir / MANIFEST
