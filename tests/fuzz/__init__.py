"""The long fuzz run, by hand: python -m tests.fuzz.fuzz_letters --count 100000."""
