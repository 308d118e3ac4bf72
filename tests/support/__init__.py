"""What the tests share: where the letters are, running the real command line, writing PDFs,
damaging letters and rule files for tests."""
