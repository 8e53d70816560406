"""Tests of the explorer app, in process and end to end in headless Chromium."""
