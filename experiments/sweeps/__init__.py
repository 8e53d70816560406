"""Sweeps: launching a Hydra multirun, resuming it, gathering its jobs, reading a sweep folder."""
