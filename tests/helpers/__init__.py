"""Helpers shared by the tests, not tests: small world, interventions, agents, sweeps, paired runs."""
