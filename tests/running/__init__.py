"""Tests of one run: the run config, scenario configs and the run command line."""
