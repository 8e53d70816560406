"""Tests of the comparison of scenarios in a sweep."""
