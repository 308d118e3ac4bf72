"""Tests of checker/extract: what is read out of a letter."""
