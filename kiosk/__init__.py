"""Patient-education kiosk about MDMA-assisted therapy for PTSD.

The package is split in two: a Qt-free core (content, config, patient session,
crisis lines, QR text) that is fast to test, and `kiosk.ui`, the only place
that imports PySide6.
"""

__version__ = "0.1.0"
APP_NAME = "mdma-kiosk"
