"""Everything a command needs before it can start: paths, config, content, strings.

Shared by `run`, `self-test` and `check`, so all three see the same files the
same way. Qt-free.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Config, load_config
from kiosk.content import ContentPack, load_content
from kiosk.i18n import Strings, load_strings
from kiosk.pack_pointer import installed_pack_dir
from kiosk.paths import KioskPaths, assets_dir, bundled_content_dir

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    paths: KioskPaths
    config: Config
    pack: ContentPack
    strings: Strings
    content_dir: Path
    fell_back: bool = False


def content_dir_for(config: Config, override: str | None = None,
                    data_dir: Path | None = None) -> Path:
    installed = None if override or data_dir is None else installed_pack_dir(data_dir)
    if installed is not None:
        return installed  # a signed pack installed with `kiosk pack install` or an update
    chosen = override or config.get_str("kiosk.content_dir")
    return Path(chosen) if chosen else bundled_content_dir()


def load_runtime(config_path: str | None = None, data_dir: str | None = None,
                 content: str | None = None) -> Runtime:
    """Load config, then content; a clinic pack that cannot be used falls back to ours."""
    paths = KioskPaths.resolve(config_path, data_dir)
    config = load_config(paths.config_file, paths.staff_settings_file,
                         require_machine_file=paths.config_explicit)
    languages = config.get_list("kiosk.languages")
    folder = content_dir_for(config, content, paths.data_dir)
    pack, folder, fell_back = load_content(folder, assets_dir(), languages,
                                           bundled_content_dir(), fallback=content is None)
    strings = load_strings(assets_dir() / "i18n")
    return Runtime(paths, config, pack, strings, folder, fell_back)
