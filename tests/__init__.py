"""imrcheck's tests: a package, so helpers are imported by name (`tests.support`) and two
test modules may share a file name in different folders."""
