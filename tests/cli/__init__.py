"""Tests of checker/cli: the command line as a user runs it."""
