"""`python -m checker.cli`: the command line."""
import sys

from checker.cli import main

sys.exit(main())
