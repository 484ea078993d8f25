"""Injection payloads in articles are inert text in report.html (as headless Chromium
builds the page) and in report.md (as a permissive Markdown renderer shows it); a failing
write leaves the old reports whole; a failing story becomes an error entry."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from storyfold import fold, pipeline
from storyfold.cli import main
from storyfold.records import Report

CITE = "[[x [y](/autofocus/onfocus=alert(1)//) z]]"
LINK = "[verify your account](http://evil.example/login)"
IMAGE = "![pixel](http://evil.example/p.png)"
RAW = '<img src=x onerror=alert(1)><b style="color:red">PAINTED</b><script>alert(1)</script>'
STYLE = "<style>*{background:red}</style>"
TABLE = "| forged | cell | `code` |"
BODY = ("The regional council approved the new bridge over the river on Monday after a long "
        "debate, and the work will start in the spring, officials said.")
PAYLOADS = [CITE, LINK, IMAGE, RAW, STYLE, TABLE]


def _hostile_report(tmp_path: Path) -> Report:
    lines = []
    for n in range(3):
        sentences = " ".join(f"Officials said {p} was part of the plan {n}." for p in PAYLOADS)
        lines.append(json.dumps({
            "id": f"a{n}](http://evil.example)" if n == 0 else f"a{n}",
            "title": f"Bridge approved {CITE} {RAW} {LINK}",
            "site": "evil|site`x`", "url": "http://evil.example/a",
            "text": f"{BODY} {sentences} {BODY}",
        }))
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "forged\nstoryfold: all good.txt").write_bytes(b"")
    report = fold([str(tmp_path)])
    assert len(report.articles) == 3 and report.stories and report.stories[0].brief
    assert any(p in report.stories[0].brief for p in (LINK, RAW))  # the brief carries them
    return report


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing (scripts/ci/chromium.sh installs it)")
        pytest.skip("chromium not installed")
    return found


def test_payloads_are_inert_in_the_html_as_chromium_builds_it(tmp_path: Path) -> None:
    chromium = _chromium()
    report = _hostile_report(tmp_path / "in")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["fold", str(tmp_path / "in"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    source = (out / "report.html").read_text("utf-8")
    dom = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                          "--dump-dom", (out / "report.html").as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    assert "storyfold report" in dom
    tree = lxml.html.fromstring(dom)
    assert not tree.xpath("//script | //img | //iframe | //object | //embed | //form")
    assert [a.get("href")[:1] for a in tree.xpath("//a")] == ["#"] * len(tree.xpath("//a"))
    assert not [el for el in tree.iter() if isinstance(el.tag, str)
                and any(k.startswith("on") or k == "style" for k in el.attrib)]
    assert not tree.xpath("//b[contains(., 'PAINTED')]")  # no markup of its own
    styles = tree.xpath("//style")
    assert len(styles) == 1  # storyfold's own, allowed by its hash and nothing else
    csp = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "unsafe-inline" not in csp and "script-src" not in csp.replace("default-src", "")
    digest = base64.b64encode(hashlib.sha256(styles[0].text.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp
    text = tree.text_content()
    for payload in (RAW, LINK, "onfocus=alert(1)"):  # still there, as text
        assert payload in text
    # Citations are links only for the report's own articles, built from their ids.
    cites = tree.xpath("//a[@class='cite']")
    assert cites and all(re.fullmatch(r"#a-[A-Za-z0-9_.-]+", a.get("href")) for a in cites)
    assert {a.get("title") for a in cites} <= {a.id for a in report.articles}
    assert "\nstoryfold: all good" not in source  # the file name is on one line


def test_payloads_are_inert_in_the_markdown(tmp_path: Path) -> None:
    report = _hostile_report(tmp_path)
    from storyfold.report.markdown import to_markdown

    md = to_markdown(report)
    # As permissive a renderer as there is: raw HTML on, tables on.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    assert not tree.xpath("//a | //img | //script | //style | //b[@style]")
    assert "http://evil.example" not in md  # bare URLs broken, or renderers link them
    assert "\nstoryfold: all good" not in md
    for row in (line for line in md.splitlines() if line.startswith("| ")):
        if "evil" in row:  # every row keeps its cells: 5 in the brief's sources, 9 in articles
            assert len(re.findall(r"(?<!\\)\|", row)) in (6, 10), row
    text = tree.text_content()
    assert "onerror=alert(1)" in text and "verify your account" in text


def test_a_failed_write_leaves_the_old_reports_whole(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "a.txt"
    src.write_text(BODY)
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["fold", str(src), "-o", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(report: Report) -> str:
        raise UnicodeEncodeError("utf-8", "x", 0, 1, "surrogates not allowed")

    import storyfold.cli as cli

    monkeypatch.setitem(cli.FORMATS, "html", broken)
    result = CliRunner().invoke(main, ["fold", str(src), "-o", str(out), "-q"])
    assert result.exit_code != 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing 0-byte


def test_a_failing_story_is_an_error_entry_and_the_rest_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text("A storm closed every school in the northern valley "
                                    "on Friday as snow cut the roads, the police said.")
    real = pipeline.fold_story

    def flaky(story_id: str, members: list) -> tuple:  # type: ignore[type-arg]
        if any(a.id == "a" for a in members):
            raise ValueError("boom")
        return real(story_id, members)

    monkeypatch.setattr(pipeline, "fold_story", flaky)
    report = fold([str(tmp_path)], jobs=1)
    assert len(report.stories) == 2 and len(report.articles) == 2
    assert [e.error for e in report.errors] == ["story stages failed (ValueError: boom)"]
    from storyfold.report.html import to_html
    from storyfold.report.markdown import to_markdown

    assert to_html(report) and to_markdown(report)
