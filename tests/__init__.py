"""Tests of ScamScape, grouped like the code; shared helpers in helpers/, fixtures in conftest.py."""
