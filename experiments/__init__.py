"""Runners and analysis of ScamScape (the only package that imports Hydra).

The commands are the modules of this package (``python -m experiments.run``, ``.sweep``, ``.compare``,
``.calibrate``, ``.reproduce``, ``.sensitivity``, ``.benchmark``, ``.gallery``, ``.parameters_table``,
``.app``): they parse arguments and call the rooms, one subpackage per job: ``common`` (shared
helpers), ``running``, ``sweeps``, ``comparison``, ``calibration``, ``sensitivity_analysis``,
``benchmarking`` and ``app`` (the explorer).
"""

import os

# One BLAS thread per process, unless the user says otherwise: the model's matrix products are small,
# so OpenBLAS's extra threads only spin beside the run (a one-person-per-agent 2020-2026 run took
# 15.3 s with them and 11.8 s without, on 2 cores; python -m experiments.benchmark --whole-run), and
# sweeps already run one process per core. Set before NumPy is imported by any runner.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
