"""A sweep's job folders: their state, and their tables gathered into one tidy table per kind.

A job folder is a folder of the sweep holding Hydra's ``.hydra/overrides.yaml``. It is failed when it
holds ``failed.json`` (the one-line error of its last attempt; a stale job whose rerun failed keeps its
old files beside it, but they are not gathered), complete when its files match its manifest
(:func:`experiments.outputs.is_complete`), and incomplete otherwise (interrupted or running).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from omegaconf import OmegaConf

from experiments.common.atomic import MANIFEST, is_complete, write_run
from experiments.common.paths import CONFIG_DIR
from experiments.common.provenance import git_commit, package_versions, sha256

FAILED = "failed.json"
FINISHED = ".finished"  # touched by a sweep job when it ends, whether skipped, run or failed
ID_COLUMNS = ["experiment", "scenario", "seed", "job"]  # job: its folder, relative to the sweep
TABLES = {
    "results": "timeseries.parquet",
    "by_country": "by_country.parquet",
    "by_zone": "by_zone.parquet",  # rows of zones holding nobody, with no flow, are left out
    "compounds": "compounds.parquet",  # the compounds' event log
}
ZONE_VALUES = (
    "victims_held",
    "compounds_active",
    "revenue_usd",
    "rescued_in",
    "relocations_in",
    "relocations_out",
)
ROW_GROUP_ROWS = 20_000
"""Rows gathered before they are written as one row group. A row group per job would make the file's
footer, held in memory until the file is closed, grow with the jobs; larger groups hold more rows in
memory (measured with ``python -m experiments.benchmark --gather-jobs``: 200,000 rows peaked 100 MiB
higher than 20,000)."""
STATUSES = ("skipped", "run", "failed", "incomplete")
# Count of the jobs run that were complete before the sweep (rerun: their config or code changed).
STALE = "stale"
# Overrides that are no parameter of the model: ids (own columns), output options, the sweep's name,
# a design table's path (its ``design.point`` is kept: the row whose values the job took).
NOT_PARAMETERS = ("scenario", "seed", "experiment", "output.", "design.table")


@dataclass
class Job:
    """One job folder of a sweep.

    Attributes:
        folder: the job's folder.
        overrides: the job's task overrides, e.g. ``["scenario=baseline", "seed=1"]``.
        manifest: SHA-256 of its ``manifest.json`` if its files match it, else None.
        error: the one-line error of ``failed.json`` if the job's last attempt failed, else None.
        columns: its id columns and swept parameters, once read from its manifest.
    """

    folder: Path
    overrides: list[str]
    manifest: str | None
    error: str | None
    columns: tuple[dict, dict] | None = None

    @property
    def complete(self) -> bool:
        """Whether the job's results are there to gather: files matching the manifest, no failure."""
        return self.manifest is not None and self.error is None


def job_folders(sweep_dir: Path) -> list[Path]:
    """Every job folder under ``sweep_dir``, sorted."""
    return sorted(path.parent.parent for path in sweep_dir.rglob(".hydra/overrides.yaml"))


def finished_jobs(sweep_dir: Path, since: float) -> int:
    """The number of job folders whose job ended (:data:`FINISHED` touched) at or after ``since``."""
    return len(jobs_finished_since(sweep_dir, since))


def jobs_finished_since(sweep_dir: Path, since: float) -> list[str]:
    """The job folders (relative to ``sweep_dir``) whose job ended at or after ``since``.

    Args:
        sweep_dir: the sweep's folder.
        since: a time (seconds since the epoch, as ``time.time()``), e.g. when the sweep started.
    """
    return [
        str(folder.relative_to(sweep_dir))
        for folder in job_folders(sweep_dir)
        if (folder / FINISHED).is_file() and (folder / FINISHED).stat().st_mtime >= since
    ]


def find_jobs(sweep_dir: Path) -> list[Job]:
    """Every job of ``sweep_dir``, sorted by folder."""
    jobs = []
    for folder in job_folders(sweep_dir):
        overrides = list(OmegaConf.load(folder / ".hydra" / "overrides.yaml"))
        manifest = sha256(folder / MANIFEST) if is_complete(folder) else None
        failed = folder / FAILED
        error = json.loads(failed.read_text())["error"] if failed.is_file() else None
        jobs.append(Job(folder, overrides, manifest, error))
    return jobs


def job_status(job: Job, before: dict[Path, str | None]) -> str:
    """What a sweep did with a job, given the manifests' digests ``before`` it started.

    Returns:
        One of :data:`STATUSES`: skipped (complete before), run, failed, incomplete.
    """
    if job.error is not None:
        return "failed"
    if job.manifest is not None:
        return "skipped" if before.get(job.folder) == job.manifest else "run"
    return "incomplete"


def was_stale(job: Job, before: dict[Path, str | None]) -> bool:
    """Whether a job was complete before the sweep and was run again (its config or code changed)."""
    return job_status(job, before) == "run" and before.get(job.folder) is not None


def parameters(overrides: list[str], config: dict) -> dict[str, object]:
    """The model parameters a job's overrides set, by dotted key, with their resolved values.

    A config group (``world=mekong``) gives its option's name; any other key gives its value in the
    job's resolved ``config``.
    """
    values = {}
    for override in overrides:
        key, _, option = override.lstrip("+").partition("=")
        if override.startswith("~") or key.startswith(NOT_PARAMETERS):
            continue
        if (CONFIG_DIR / key).is_dir():
            values[key] = option
            continue
        node = config
        for part in key.split("."):
            node = node[part]
        values[key] = node
    return values


def job_tables(jobs: list[Job], experiment: str, sweep_dir: Path, kind: str) -> Iterator[pd.DataFrame]:
    """The complete jobs' tables of one kind of :data:`TABLES`, one job at a time (read lazily).

    Each table starts with ``experiment, scenario, seed, job`` (the job's folder relative to
    ``sweep_dir``, where its manifest is), then the run's own columns (``step, date, ...``; for the
    compounds' log ``week, date, ...``), then one column per overridden parameter (dotted key, e.g.
    ``victims.p_escape``). by_zone keeps only the rows of zones that hold victims or compounds or
    have a flow that week (most zones of the world never host).
    """
    for job in jobs:
        path = job.folder / TABLES[kind]
        if not job.complete or not path.is_file():  # no file: a job run before the table existed
            continue
        ids, swept = _job_columns(job, experiment, sweep_dir)
        table = pd.read_parquet(path)
        if kind == "by_zone":
            table = table[table[list(ZONE_VALUES)].to_numpy().any(axis=1)]
        table = pd.concat([pd.DataFrame(ids, index=table.index), table], axis=1)
        yield table.assign(**{key: _constant(value, table.index) for key, value in swept.items()})


def _constant(value, index: pd.Index):
    """A swept value for every row: as is for a scalar, one object per row for a dict or list."""
    if isinstance(value, dict | list):
        return pd.Series([value] * len(index), index=index, dtype=object)
    return value


def gather(jobs: list[Job], experiment: str, sweep_dir: Path) -> dict[str, pd.DataFrame]:
    """Every kind's table of the complete jobs, in memory (:func:`job_tables`, concatenated).

    A pandas reading of the same jobs, independent of :func:`write_gathered`'s Arrow one: the tests
    check the two agree; :func:`write_sweep` streams the jobs to disk instead.
    """
    empty = pd.DataFrame(columns=[*ID_COLUMNS, "step", "date"])
    tables = {}
    for kind in TABLES:
        frames = list(job_tables(jobs, experiment, sweep_dir, kind))
        tables[kind] = pd.concat(frames, ignore_index=True) if frames else empty
    return tables


def write_gathered(jobs: list[Job], experiment: str, sweep_dir: Path, folder: Path) -> None:
    """Write each kind's table of the complete jobs to ``folder/KIND.parquet``, one job at a time.

    The file's schema is the union of the jobs' (read from their files' metadata and manifests
    first); each job's table is read with pyarrow, given its id and parameter columns and written in
    batches of :data:`ROW_GROUP_ROWS` rows, so memory holds a batch whatever the number of jobs. A
    column a job lacks is null in its rows.
    """
    for kind in TABLES:
        schema = _gathered_schema(jobs, experiment, sweep_dir, kind)
        if schema is None:
            empty = pd.DataFrame(columns=[*ID_COLUMNS, "step", "date"])
            empty.to_parquet(folder / f"{kind}.parquet", index=False)
            continue
        with pq.ParquetWriter(folder / f"{kind}.parquet", schema) as writer:
            waiting: list[pa.Table] = []  # jobs' rows not yet written: one row group per batch
            for job in jobs:
                table = _arrow_job_table(job, experiment, sweep_dir, kind, schema)
                if table is None:
                    continue
                waiting.append(table)
                if sum(len(t) for t in waiting) >= ROW_GROUP_ROWS:
                    writer.write_table(pa.concat_tables(waiting))
                    waiting = []
            if waiting:
                writer.write_table(pa.concat_tables(waiting))


def _arrow_job_table(
    job: Job, experiment: str, sweep_dir: Path, kind: str, schema: pa.Schema
) -> pa.Table | None:
    """One complete job's table of ``kind`` as :func:`job_tables` makes it, in Arrow, in ``schema``."""
    path = job.folder / TABLES[kind]
    if not job.complete or not path.is_file():
        return None
    table = pq.read_table(path)
    if kind == "by_zone":
        nonzero = (pc.fill_null(pc.not_equal(table[name], 0), True) for name in ZONE_VALUES)
        keep = functools.reduce(pc.or_, nonzero)  # a null counts as a value, as in job_tables
        table = table.filter(keep)
    ids, swept = _job_columns(job, experiment, sweep_dir)
    constants = ids | swept
    columns = []
    for field in schema:
        if field.name in table.column_names and field.name not in swept:
            columns.append(table[field.name].cast(field.type))
        elif field.name in constants:
            columns.append(pa.repeat(pa.scalar(constants[field.name], field.type), len(table)))
        else:
            columns.append(pa.nulls(len(table), field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _job_columns(job: Job, experiment: str, sweep_dir: Path) -> tuple[dict, dict]:
    """A complete job's id columns and swept parameters, from its manifest (read once per job)."""
    if job.columns is not None:
        return job.columns
    manifest = json.loads((job.folder / MANIFEST).read_text())
    ids = {
        "experiment": experiment,
        "scenario": manifest["scenario"],
        "seed": manifest["seed"],
        "job": str(job.folder.relative_to(sweep_dir)),
    }
    job.columns = ids, parameters(job.overrides, manifest["config"])
    return job.columns


def _gathered_schema(jobs: list[Job], experiment: str, sweep_dir: Path, kind: str) -> pa.Schema | None:
    """The union of the complete jobs' schemas for ``kind`` (None if no job has the table)."""
    union = None
    for job in jobs:
        path = job.folder / TABLES[kind]
        if not job.complete or not path.is_file():
            continue
        ids, swept = _job_columns(job, experiment, sweep_dir)
        own = list(pq.read_schema(path).remove_metadata())
        names = {field.name for field in own}
        values = [*ids.items(), *((k, v) for k, v in swept.items() if k not in names)]
        typed = {name: pa.field(name, pa.scalar(value).type) for name, value in values}
        fields = [typed[name] for name in ids] + own + [typed[k] for k in swept if k not in names]
        schema = pa.schema(fields)
        union = (
            schema if union is None else pa.unify_schemas([union, schema], promote_options="permissive")
        )
    return union


def write_sweep(
    sweep_dir: Path,
    experiment: str,
    before: dict[Path, str | None],
    command: list[str],
    started: float | None = None,
) -> dict:
    """Gather ``sweep_dir`` into the tables of :data:`TABLES` and ``sweep.json``.

    The files are written atomically with a manifest (:func:`experiments.outputs.write_run`).

    Args:
        sweep_dir: the sweep's folder.
        experiment: the sweep's name, the ``experiment`` column.
        before: SHA-256 of each complete job's manifest before the sweep started, by folder.
        command: the sweep's command line.
        started: when the sweep started (``time.time()``); if given, ``counts`` leave out the
            complete or failed jobs of earlier sweeps in the folder that this one did not touch
            (another grid in the same folder). Every job is gathered either way.

    Returns:
        The record written to ``sweep.json``: ``counts`` holds the number of jobs per status of
        :data:`STATUSES` and, as :data:`STALE`, how many of those run were rerun because stale;
        ``jobs`` each job's folder, overrides, status and error.
    """
    jobs = find_jobs(sweep_dir)
    statuses = [job_status(job, before) for job in jobs]
    ended = None if started is None else set(jobs_finished_since(sweep_dir, started))
    counted = [
        status
        for job, status in zip(jobs, statuses, strict=True)
        if ended is None or status == "incomplete" or str(job.folder.relative_to(sweep_dir)) in ended
    ]
    counts = {status: counted.count(status) for status in STATUSES}
    counts[STALE] = sum(was_stale(job, before) for job in jobs)
    complete = [job.folder for job in jobs if job.complete]
    record = {
        "experiment": experiment,
        "command": command,
        "counts": counts,
        "jobs": [
            {
                "folder": str(job.folder.relative_to(sweep_dir)),
                "overrides": job.overrides,
                "status": status,
            }
            | ({"stale": True} if was_stale(job, before) else {})
            | ({"error": job.error} if job.error else {})
            for job, status in zip(jobs, statuses, strict=True)
        ],
        "git_commit": git_commit(),
        "versions": package_versions(),
        # The first complete job's resolved config; each job's own is in its manifest.
        "config": json.loads((complete[0] / MANIFEST).read_text())["config"] if complete else None,
    }

    def write_files(folder: Path) -> None:
        write_gathered(jobs, experiment, sweep_dir, folder)
        (folder / "sweep.json").write_text(json.dumps(record, indent=2, default=str))

    write_run(sweep_dir, write_files, {"experiment": experiment, "command": command})
    return record
