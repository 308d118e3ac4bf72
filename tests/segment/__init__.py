"""Tests of checker/segment: layouts, sections and items."""
