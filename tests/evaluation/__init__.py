"""Tests of checker/evaluation: imrcheck eval and its scoring."""
