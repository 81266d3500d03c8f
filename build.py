#!/usr/bin/env python3
"""Build or preview the explainer site: python build.py [build|check|serve|new|verify|facts|docs] --help."""

import sys
from pathlib import Path

from explainer.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], root=Path(__file__).resolve().parent))
