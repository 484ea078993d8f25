"""General word lists and patterns shipped with storyfold (no seed-specific content)."""

from __future__ import annotations

from importlib import resources


def lines(name: str) -> list[str]:
    """The non-blank, non-comment lines of data file `name`, stripped."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    stripped = (ln.strip() for ln in text.splitlines())
    return [ln for ln in stripped if ln and not ln.startswith("#")]


def classes(name: str) -> dict[str, str]:
    """Data file `name` of `class: form, form, ...` lines read as form -> class."""
    out: dict[str, str] = {}
    for line in lines(name):
        cls, _, forms = line.partition(":")
        for form in forms.split(","):
            out[form.strip()] = cls.strip()
    return out
