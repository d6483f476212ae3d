"""The small line icons a checklist item may show beside its words (`icon:` in front matter).

The names live in the core so `kiosk check` can report an unknown one without Qt;
kiosk/ui/item_icons.py draws each of them. An icon never replaces the item's words.
"""

from __future__ import annotations

# name -> what it shows (for content authors: content/FORMAT.md lists the same).
ITEM_ICONS: dict[str, str] = {
    "heart": "a heart with a pulse line (heart, blood pressure)",
    "brain": "a brain (stroke, aneurysm)",
    "liver": "a liver",
    "pregnancy": "a pregnant person, side view",
    "family": "two adults and a child",
    "glass": "a wine glass (alcohol)",
    "mind": "a head in profile (mental health)",
    "bottle": "a prescription bottle with a cross, closed (medicines, supplements)",
    "feelings": "waves (strong feelings)",
}
