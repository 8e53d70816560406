"""Changes in the world that are not interventions (such as new host openings), one module each.

A scenario switches them on like interventions (:class:`model.scenario.ScenarioParams`).
"""
