"""Tests of the simulation: world, agents, conservation, determinism, interventions, stylized facts."""
