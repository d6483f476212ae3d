"""Entry point for the frozen bundle (PyInstaller runs this file)."""

import sys

from kiosk.cli import main

if __name__ == "__main__":
    sys.exit(main())
