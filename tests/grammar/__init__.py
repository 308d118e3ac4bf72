"""Tests of checker/grammar: the request notation grammar."""
