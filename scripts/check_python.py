"""Fail early, and clearly, when the Python running `make` is too old for Trialbase."""

import sys

if sys.version_info < (3, 11):
    found = ".".join(map(str, sys.version_info[:3]))
    sys.exit(f"Trialbase needs Python 3.11 or newer; {sys.executable} is {found}. Run: make PYTHON=python3.11 ...")
