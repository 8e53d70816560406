"""Tests of calibration: targets and the calibrate, reproduce and sensitivity runners."""
