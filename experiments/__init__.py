"""Runners and analysis of ScamScape (the only package that imports Hydra).

The commands are the modules of this package (``python -m experiments.run``, ``.sweep``, ``.compare``,
``.calibrate``, ``.reproduce``, ``.sensitivity``, ``.benchmark``, ``.gallery``, ``.parameters_table``,
``.app``): they parse arguments and call the rooms, one subpackage per job: ``common`` (shared
helpers), ``running``, ``sweeps``, ``comparison``, ``calibration``, ``sensitivity_analysis``,
``benchmarking`` and ``app`` (the explorer).
"""
