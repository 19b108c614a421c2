"""`python -m minefree.exports.tests.worker_main worker`: the real worker, plus the test-only job kinds,
noting every run of every job (slow_kinds.count_every_run)."""

from __future__ import annotations

import sys

from minefree.cli import _setup, main

if __name__ == "__main__":
    _setup()
    from minefree.exports.tests import slow_kinds  # registers the test-only kinds

    slow_kinds.count_every_run()  # every job this worker runs is noted in slow_kinds.every_run_log()

    sys.exit(main(sys.argv[1:]))
