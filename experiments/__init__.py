"""Runners, figures and the command line of ScamScape (the only package that imports Hydra)."""
