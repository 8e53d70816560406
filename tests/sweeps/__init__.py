"""Tests of sweeps and their design tables."""
