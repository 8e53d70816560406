"""Comparing a sweep's scenarios with its baseline: metrics, paired effects, tables, figures, report."""
