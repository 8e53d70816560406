"""Calibration: published targets, uncertain parameters, fitting by rejection, the reproduction."""
