"""`python -m httpcts.fuzz TARGET [libFuzzer flags] [corpus folders]`: the one fuzz target launcher.

Runs any target of `httpcts.fuzz.targets` (or `structured`) under atheris/libFuzzer;
`httpcts fuzz run` starts campaigns through it (see `_runtime.launch`).
"""

import sys

from httpcts.fuzz._runtime import launch

launch(sys.argv[1:])
