"""The outlet and agency table (``data/outlets.yaml``): canonical names and how names are folded.

Two spellings of one outlet meet when their folded forms do: case folded, accents kept, every
character but letters and digits dropped, a leading "www." and a domain's ending ignored
("NOS Nieuws" and "nos.nl" both say NOS once the table lists them; an unknown "nu.nl" and
"NU.nl" fold alike anyway).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TABLE = Path(__file__).with_name("data") / "outlets.yaml"
DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)


def fold(name: str) -> str:
    """The form names are compared in: "NOS Nieuws" -> "nosnieuws", "www.nos.nl" -> "nosnl"."""
    name = name.strip()
    if name.lower().startswith("www."):
        name = name[4:]
    return "".join(char for char in name.casefold() if char.isalnum())


@dataclass(frozen=True)
class NameTable:
    outlets: dict[str, str]          # folded form -> canonical outlet
    agencies: dict[str, str]         # folded form -> canonical agency (any form, credits included)
    cited_forms: dict[str, str]      # a form as written, recognised anywhere in a text -> canonical agency

    def outlet(self, name: str) -> str | None:
        return self.outlets.get(fold(name))

    def agency(self, name: str) -> str | None:
        return self.agencies.get(fold(name))


@lru_cache(maxsize=4)
def name_table(path: Path = TABLE) -> NameTable:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    outlets, agencies, cited = {}, {}, {}
    for name, forms in raw["outlets"].items():
        for form in [name, *forms]:
            outlets[fold(form)] = name
    for name, forms in raw["agencies"].items():
        for form in [name, *forms.get("cited", []), *forms.get("credit", [])]:
            agencies[fold(form)] = name
        for form in forms.get("cited", []):
            cited[form] = name
    return NameTable(outlets, agencies, cited)


def clean_name(name: str) -> str:
    """A name as written, spaces collapsed; a domain lowercased without "www."."""
    name = " ".join(name.split()).strip(" -|·,;:")
    if DOMAIN.match(name):
        name = name.lower().removeprefix("www.")
    return name
