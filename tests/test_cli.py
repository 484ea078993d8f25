"""The CLI in-process: outputs, exit codes, help, and docs that match the commands."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from storyfold.cli import main
from storyfold.report.json_report import schema

ROOT = Path(__file__).resolve().parent.parent


def test_fold_writes_three_reports(seeds_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["fold", str(seeds_dir), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "report.json").read_text())
    assert len(data["articles"]) == 5
    jsonschema.validate(data, schema())  # the real report, every stage filled in
    assert len(data["stories"]) == 1 and data["stories"][0]["brief"]
    assert (tmp_path / "report.md").read_text().startswith("# storyfold report")
    assert "<html" in (tmp_path / "report.html").read_text()


def test_fold_prints_json_by_default(seeds_dir: Path) -> None:
    result = CliRunner().invoke(main, ["fold", str(seeds_dir / "001_a44e334fb6fbc269.txt"), "-q"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["articles"][0]["id"] == "001_a44e334fb6fbc269"


def test_fold_reads_jsonl_from_stdin() -> None:
    lines = [json.dumps({"id": f"n{i}", "text": f"Article {i}. The storm hit the coast at {i} am."})
             for i in range(2)]
    result = CliRunner().invoke(main, ["fold", "-", "--format", "json", "-q"],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert {a["id"] for a in json.loads(result.stdout)["articles"]} == {"n0", "n1"}


def test_nothing_readable_fails_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["fold", str(tmp_path), "-q"])
    assert result.exit_code != 0
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("Error: no articles could be read")


def test_missing_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["fold", str(tmp_path / "nope"), "-q"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_every_command_has_help_and_is_documented() -> None:
    readme = (ROOT / "README.md").read_text()
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help"
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert f"storyfold {name}" in readme, f"README does not document `storyfold {name}`"


def test_broken_inputs_are_listed_and_the_rest_folded(tmp_path: Path) -> None:
    import gzip

    good = "Floods hit the valley on Monday. Rescuers saved 40 people from the water."
    (tmp_path / "good.txt").write_text(good)
    accented = "Le café de la Mairie a rouvert à Noël."
    (tmp_path / "accents.txt").write_bytes(accented.encode("cp1252"))
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").write_text("")
    page = "<html><body>" + " ".join(f"<p>Paragraph {i} of the page.</p>" for i in range(300))
    packed = gzip.compress(page.encode())
    (tmp_path / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": good}) + "\n{not json\n"
        + json.dumps({"id": "j2", "text": "A second story. It is about trains."}) + "\n")
    result = CliRunner().invoke(main, ["fold", str(tmp_path), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    ids = {a["id"] for a in data["articles"]}
    assert {"good", "accents", "j1", "j2"} <= ids
    failed = {Path(e["path"]).name for e in data["errors"]}
    assert {"binary.txt", "empty.txt", "cut.html.gz", "feed.jsonl:2"} <= failed
    assert all(e["error"] for e in data["errors"])
    accents = next(a for a in data["articles"] if a["id"] == "accents")
    assert "café" in accents["raw"] and "Noël" in accents["raw"]
    assert "cut.html.gz" in result.stderr


def test_compare_scores_same_story_above_different(seeds_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Heavy rain flooded the harbour town of Lerwick on Tuesday. The council "
                     "opened two shelters and 140 homes lost power, the utility said.")
    a, b = seeds_dir / "003_053fbe268d2d0c68.txt", seeds_dir / "004_b9e8108f30e365c6.txt"
    same = CliRunner().invoke(main, ["compare", str(a), str(b)])
    diff = CliRunner().invoke(main, ["compare", str(a), str(other)])
    assert same.exit_code == 0 and diff.exit_code == 0, same.output + diff.output
    s, d = json.loads(same.stdout), json.loads(diff.stdout)
    assert s["same_story"] and not d["same_story"]
    assert 0 <= d["score"] < s["score"] <= 1


def test_compare_unreadable_input_is_a_clean_error(tmp_path: Path, seeds_dir: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "empty.txt"),
                                       str(seeds_dir / "001_a44e334fb6fbc269.txt")])
    assert result.exit_code != 0
    assert "empty.txt" in result.output and "Traceback" not in result.output


def test_stream_prints_one_line_per_article_and_skips_bad_lines() -> None:
    quake = "A strong earthquake hit northern Chile on Monday, killing ten people in Arica."
    lines = [
        json.dumps({"id": "q1", "text": quake}),
        "{not json",
        json.dumps({"id": "q2", "text": quake.replace("hit", "struck")}),
        json.dumps({"id": "r1", "text": "The central bank raised rates by half a point."}),
    ]
    result = CliRunner().invoke(main, ["stream"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    lines_out = [json.loads(line) for line in result.stdout.splitlines()]
    out = [o for o in lines_out if "id" in o]
    assert [o["id"] for o in out] == ["q1", "q2", "r1"]
    assert all(set(o) == {"id", "story", "moved"} for o in out)
    assert out[0]["story"] == out[1]["story"] != out[2]["story"]
    # The end of the input is a read point: one settle line, last.
    assert lines_out[-1] == {"settled": 3, "moved": []}
    assert "<stdin>:2" in result.stderr  # the bad line is named, the rest placed


def test_stream_settles_every_n_articles_and_the_moves_give_the_stories() -> None:
    quake = "A strong earthquake hit northern Chile on Monday, killing ten people in Arica."
    bank = "The central bank raised interest rates by half a point to curb inflation."
    texts = [quake, bank, quake.replace("hit", "struck"), bank.replace("raised", "lifted"),
             quake.replace("strong", "powerful"), bank.replace("curb", "fight")]
    lines = [json.dumps({"id": f"a{i}", "text": t}) for i, t in enumerate(texts)]
    result = CliRunner().invoke(main, ["stream", "--settle-every", "2"],
                                input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    settles = [o["settled"] for o in out if "settled" in o]
    assert settles == [2, 4, 6]  # every 2 arrivals; nothing left for an end settle
    story_of: dict[str, int] = {}
    for o in out:
        if "id" in o:
            story_of[o["id"]] = o["story"]
        story_of.update((m["id"], m["story"]) for m in o["moved"])
    assert story_of["a0"] == story_of["a2"] == story_of["a4"]
    assert story_of["a1"] == story_of["a3"] == story_of["a5"] != story_of["a0"]
    once = CliRunner().invoke(main, ["stream", "--settle-every", "0"],
                              input="\n".join(lines) + "\n")
    assert [json.loads(x).get("settled") for x in once.stdout.splitlines()][-1] == 6
    assert sum("settled" in x for x in once.stdout.splitlines()) == 1  # only at the end


def test_stream_with_nothing_readable_fails_cleanly() -> None:
    result = CliRunner().invoke(main, ["stream"], input="{broken\n")
    assert result.exit_code != 0
    assert "no articles could be read" in result.output
    assert "Traceback" not in result.output


def test_stream_state_goes_on_across_runs(tmp_path: Path) -> None:
    quake = "A strong earthquake hit northern Chile on Monday, killing ten people in Arica."
    state = tmp_path / "feed.state"
    first = CliRunner().invoke(main, ["stream", "--state", str(state)],
                               input=json.dumps({"id": "q1", "text": quake}) + "\n")
    assert first.exit_code == 0, first.output
    assert state.exists()
    lines = [json.dumps({"id": "q2", "text": quake.replace("hit", "struck")}),
             json.dumps({"id": "r1", "text": "The central bank raised rates by half a point."})]
    second = CliRunner().invoke(main, ["stream", "--state", str(state)],
                                input="\n".join(lines) + "\n")
    assert second.exit_code == 0, second.output
    assert "resuming" in second.stderr and "1 articles placed before" in second.stderr
    out = [json.loads(line) for line in second.stdout.splitlines()]
    first_out = json.loads(first.stdout.splitlines()[0])
    # The copy joins the story the first run opened: stories and their ids survived.
    assert out[0]["story"] == first_out["story"] != out[1]["story"]


def test_stream_refuses_a_broken_state_file_cleanly(tmp_path: Path) -> None:
    state = tmp_path / "broken.state"
    state.write_text("not a state")
    result = CliRunner().invoke(main, ["stream", "--state", str(state)],
                                input=json.dumps({"id": "a", "text": "Some news."}) + "\n")
    assert result.exit_code != 0
    assert "not a storyfold stream state" in result.output
    assert "Traceback" not in result.output
    assert state.read_text() == "not a state"  # left as it was


def test_fold_warnings_come_from_the_library_logger(tmp_path: Path) -> None:
    # The library logs (logger "storyfold"); the CLI shows the warnings on stderr.
    import logging

    import storyfold

    (tmp_path / "good.txt").write_text("Heavy rain flooded the harbour town on Tuesday.")
    (tmp_path / "empty.txt").write_text("")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("storyfold")
    keep = Keep()
    logger.addHandler(keep)
    try:
        report = storyfold.fold([str(tmp_path)])
    finally:
        logger.removeHandler(keep)
    assert [Path(e.path).name for e in report.errors] == ["empty.txt"]
    assert any("empty.txt" in r.getMessage() for r in records)
    result = CliRunner().invoke(main, ["fold", str(tmp_path), "-q"])
    assert "storyfold: skipped" in result.stderr and "empty.txt" in result.stderr
