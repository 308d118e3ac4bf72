"""Tests of checker/output: every report format."""
