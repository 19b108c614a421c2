"""`python -m minefree.exports.tests.worker_main worker`: the real worker, plus the test-only job kinds."""

from __future__ import annotations

import sys

from minefree.cli import _setup, main

if __name__ == "__main__":
    _setup()
    from minefree.exports.tests import slow_kinds  # noqa: F401 - registers the test-only kinds

    sys.exit(main(sys.argv[1:]))
