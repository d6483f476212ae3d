"""Every setting the kiosk reads, declared once.

The loader, `kiosk check`, the README's settings table and the staff panel are
all generated from `SETTINGS`, so they cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.fetch import looks_like_update_url
from kiosk.minisign import looks_like_public_key
from kiosk.pin import looks_like_hash

Value = str | int | bool | list[str]

REGIONS = ("US", "CA", "AU", "UK")
TEXT_SIZES = ("normal", "large", "largest")


@dataclass(frozen=True)
class Setting:
    """One key: its type, default, what is allowed, and a line of help."""

    section: str
    name: str
    type: type
    default: Value
    help: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    staff_editable: bool = False
    item_check: Callable[[str], bool] | None = field(default=None, compare=False)
    label: str = ""  # plain name for the staff panel
    unit: str = ""
    allowed_text: str = ""  # overrides the generated words in `allowed()`

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"

    def allowed(self) -> str:
        """Human words for what a value may be, used in messages and docs."""
        if self.allowed_text:
            return self.allowed_text
        if self.choices:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        if self.type is bool:
            return "true or false"
        if self.type is int:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.type is list:
            return "a list of strings, for example [\"en\", \"es\"]"
        if self.item_check is not None:
            return "the line printed by `kiosk set-pin --print`"
        return "a string"

    def check(self, value: object) -> str | None:
        """Return why `value` is not allowed, or None when it is."""
        if self.type is bool:
            return None if isinstance(value, bool) else f"expected {self.allowed()}"
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                return f"expected {self.allowed()}"
            lo, hi = self.minimum, self.maximum
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                return f"out of range: expected {self.allowed()}"
            return None
        if self.type is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return f"expected {self.allowed()}"
            if self.item_check is not None:
                bad = [v for v in value if not self.item_check(v)]
                if bad:
                    return f"not allowed: {', '.join(bad)}"
            return None
        if not isinstance(value, str):
            return f"expected {self.allowed()}"
        if self.choices and value not in self.choices:
            return f"expected {self.allowed()}"
        if value and self.item_check is not None and not self.item_check(value):
            return f"expected {self.allowed()}"
        return None


def _is_lang_code(code: str) -> bool:
    return 2 <= len(code) <= 8 and code.replace("-", "").isalnum() and code.islower()


def _is_page_id(page_id: str) -> bool:
    return bool(page_id) and all(c.islower() or c.isdigit() or c == "-" for c in page_id)


SETTINGS: tuple[Setting, ...] = (
    Setting("clinic", "name", str, "", "Clinic name on the welcome screen; empty shows a plain "
            "welcome.",
            staff_editable=True, label="Clinic name"),
    Setting("clinic", "logo", str, "",
            "Logo image file (PNG or SVG) for the welcome screen; empty shows no logo."),
    Setting("clinic", "region", str, "US", "Which crisis lines 'Need help now?' shows.",
            choices=REGIONS, staff_editable=True, label="Crisis lines for"),
    Setting("clinic", "contact", str, "",
            "One line shown under the crisis lines, for example the front desk's extension.",
            staff_editable=True, label="Front desk line"),
    Setting("clinic", "note", str, "",
            "The clinic's own note, shown at the end of the 'About' page."),
    Setting("kiosk", "idle_timeout_s", int, 90,
            "Seconds without a touch before 'Are you still there?' appears.",
            minimum=20, maximum=1800, staff_editable=True,
            label="Seconds before 'Are you still there?'", unit="seconds"),
    Setting("kiosk", "idle_timeout_reading_s", int, 180,
            "Seconds without a touch before 'Are you still there?' on reading screens "
            "(articles, steps): reading a page takes longer than choosing from a menu.",
            minimum=20, maximum=1800, staff_editable=True,
            label="Seconds before 'Are you still there?' while reading", unit="seconds"),
    Setting("kiosk", "idle_warning_s", int, 30,
            "Seconds the 'Are you still there?' countdown runs before everything is reset "
            "(at least 20: WCAG 2.2.1 gives people 20 s to ask for more time).",
            minimum=20, maximum=120, staff_editable=True,
            label="Countdown before starting over", unit="seconds"),
    Setting("kiosk", "hide_cursor", bool, True,
            "Hide the mouse pointer (touch screens). Ignored with --windowed.",
            staff_editable=True, label="Hide the mouse pointer"),
    Setting("kiosk", "languages", list, ["en", "es"],
            "Languages offered, in button order; each needs a folder in the content pack.",
            item_check=_is_lang_code),
    Setting("kiosk", "default_language", str, "en",
            "Language a new patient starts in; must be one of `languages`.", staff_editable=True,
            label="Starting language"),
    Setting("kiosk", "topics", list, [],
            "Page ids to show on Home, in this order; empty shows every page in content order.",
            item_check=_is_page_id),
    Setting("kiosk", "content_dir", str, "",
            "A clinic's own content pack folder; empty uses the bundled pack."),
    Setting("kiosk", "text_size", str, "normal", "Text size a new patient starts with.",
            choices=TEXT_SIZES, staff_editable=True, label="Starting text size"),
    Setting("kiosk", "high_contrast", bool, False,
            "Start every patient in the high-contrast theme.", staff_editable=True,
            label="Start in high contrast"),
    Setting("kiosk", "reduced_motion", bool, False,
            "Turn off the welcome screen's slow drift (against screen burn-in); use a screen "
            "saver-safe panel if on.", staff_editable=True, label="Reduce motion"),
    Setting("kiosk", "speech_engine", str, "auto",
            "Read-aloud engine: \"auto\" (speechd on Linux, WinRT/SAPI on Windows), \"off\", or "
            "an engine name. 'Listen' is hidden where no engine or voice works."),
    Setting("kiosk", "speech_voice_en", str, "",
            "Voice that reads English pages (a name `kiosk check` lists); empty picks the best "
            "match for `clinic.region` (en_US for US, en_GB for UK, en_AU for AU, en_CA for CA)."),
    Setting("kiosk", "speech_voice_es", str, "",
            "Voice that reads Spanish pages (a name `kiosk check` lists); empty picks the best "
            "match for `clinic.region` (Latin American Spanish for US and CA, es_ES for UK)."),
    Setting("usage", "enabled", bool, True,
            "Count anonymous page views (never what a patient taps in lists).",
            staff_editable=True, label="Count page views (anonymous)"),
    Setting("usage", "retention_days", int, 365, "Days anonymous counts are kept.",
            minimum=1, maximum=3650, staff_editable=True, label="Keep counts for", unit="days"),
    Setting("staff", "pin_hash", str, "",
            "Salted scrypt hash of the staff PIN, written by `kiosk set-pin`; never the PIN.",
            item_check=looks_like_hash),
    Setting("staff", "lockout_attempts", int, 5,
            "Wrong PINs in a row before the PIN pad locks.", minimum=3, maximum=20),
    Setting("staff", "lockout_s", int, 60,
            "Seconds the PIN pad stays locked the first time; doubles on repeats.",
            minimum=10, maximum=3600),
    Setting("content", "trusted_keys", list, [],
            "minisign public keys (the second line of minisign.pub) whose signed content packs "
            "`kiosk pack install` and updates accept; empty accepts none.",
            item_check=looks_like_public_key,
            allowed_text="a list of minisign public keys, for example [\"RWQ...\"]"),
    Setting("content", "update_url", str, "",
            "Where the kiosk looks for new signed packs (an index file; https://, or file:// "
            "for a shared folder); empty (the default) means no network call ever.",
            item_check=looks_like_update_url,
            allowed_text="empty, an https:// or file:// URL (http:// only to this machine)"),
    Setting("content", "update_interval_min", int, 60,
            "Minutes between update checks when `update_url` is set.", minimum=5, maximum=1440),
    Setting("monitoring", "textfile_dir", str, "",
            "Folder for node_exporter's textfile collector: the kiosk writes kiosk.prom there "
            "every minute; empty writes nothing."),
)

BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(s.section for s in SETTINGS))


def settings_table_markdown() -> str:
    """The README's settings table, generated so docs match code."""
    rows = ["| key | default | allowed | what it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = repr(s.default).replace("'", '"') if s.type is not bool else str(
            s.default).lower()
        rows.append(f"| `{s.key}` | `{default}` | {s.allowed()} | {s.help} |")
    return "\n".join(rows)
