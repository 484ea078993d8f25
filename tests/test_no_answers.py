"""storyfold's code must work on stories it has never seen: it never names the seeds'
entities (not even in comments) and never reads gold or labelled data."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "storyfold"
FORMS = json.loads((Path(__file__).parent / "data" / "seeds" / "entity_forms.json").read_text())


def _package_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in {".py", ".txt", ".json",
                                                                           ".j2", ".tsv"}]


def test_code_names_no_seed_entity() -> None:
    hits = []
    for path in _package_files():
        text = path.read_text(encoding="utf-8", errors="ignore")
        for form in FORMS:
            if len(form) >= 4 and re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                hits.append(f"{path.relative_to(ROOT)}: {form}")
    assert not hits, "seed entities named in the package:\n" + "\n".join(hits)


def test_code_reads_no_gold_or_dev_data() -> None:
    pattern = re.compile(r"gold\.json|shared/data|shared/seeds|ecbplus|clough|wcxb")
    hits = [str(p.relative_to(ROOT)) for p in _package_files()
            if pattern.search(p.read_text(encoding="utf-8", errors="ignore"))]
    assert not hits, f"package files that mention gold or dev data: {hits}"
