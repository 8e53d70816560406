"""Writing results atomically: one file, or a run's folder of files with a manifest written last.

A file is written to a hidden ``.NAME.partial`` beside it and renamed into place. A run's files are
written into a hidden staging folder inside the run directory, then renamed into place;
``manifest.json`` comes last. A folder without a manifest is an interrupted run.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from experiments.common.provenance import sha256

MANIFEST = "manifest.json"


def write_file(path: Path, write: Callable[[Path], object]) -> None:
    """Write one file atomically: ``write`` writes the partial file it is given, which is renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    write(partial)
    os.replace(partial, path)


def write_text(path: Path, text: str) -> None:
    """Write a text file atomically."""
    write_file(path, lambda partial: partial.write_text(text))


def write_json(path: Path, content: dict) -> None:
    """Write ``content`` as indented JSON atomically."""
    write_text(path, json.dumps(content, indent=2, default=str))


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
        write_json(run_dir / MANIFEST, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return run_dir / MANIFEST
