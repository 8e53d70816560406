"""Interventions, one module each: what governments and police do, kept apart from the agents' dynamics.

Their scenario fields are gathered by :class:`model.scenario.ScenarioParams`.
"""
