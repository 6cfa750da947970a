"""The test suite, laid out like the package (tests/engines/ for life/engines/, ...). Every folder is a package, so
test files in different folders may share a name and import the shared helpers as ``tests.oracle`` and
``tests.strategies``."""
