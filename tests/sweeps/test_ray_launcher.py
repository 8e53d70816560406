"""Ray: a 2-job sweep through hydra-ray-launcher on a local Ray cluster equals the basic launcher's.

Slow (Ray starts a local cluster, about a minute) and needs the ``ray`` extra, which ``make
test-slow`` installs (``pip install -e ".[ray]"``); skipped where it is not installed.
"""

import os

import pandas as pd
import pytest

from tests.sweeps.test_sweep import ENV, read_tables, run_sweep


@pytest.mark.slow
def test_ray_launcher_runs_a_sweep_on_a_local_cluster(tmp_path):
    pytest.importorskip("hydra_plugins.hydra_ray_launcher")
    env = {**ENV, "HOME": os.environ.get("HOME", str(tmp_path)), "RAY_AUTH_MODE": "disabled"}
    on_ray, one_by_one = tmp_path / "ray", tmp_path / "basic"
    arguments = ["experiment=smoke", "seed=1"]
    line = run_sweep(tmp_path, *arguments, "hydra/launcher=ray", f"hydra.sweep.dir={on_ray}", env=env)
    assert line == f"sweep smoke: 0 skipped, 2 run, 0 failed; results: {on_ray / 'results.parquet'}"
    run_sweep(tmp_path, *arguments, "hydra/launcher=basic", f"hydra.sweep.dir={one_by_one}")
    ray_tables = read_tables(on_ray)
    for kind, table in read_tables(one_by_one).items():
        pd.testing.assert_frame_equal(ray_tables[kind], table)
