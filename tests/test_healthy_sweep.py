"""bench/healthy_sweep.py: a repeatable sample of documentation pages, judged like the corpus."""

import json
from pathlib import Path

from bench import healthy_sweep
from bench.healthy_sweep import Source, choose, language_code, parse_source

PAGE = "<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"


def manual(folder: Path) -> Source:
    for number in range(20):
        (folder / f"chapter{number}.html").write_text(
            PAGE.format(title=f"Chapter {number}", text="How to crop an image. " * 30)
        )
    (folder / "settings.html").write_text(
        PAGE.format(title="Password settings", text="Choose a password for the file. " * 30)
    )
    return Source("manual", "en", folder)


def test_the_sample_is_repeatable_and_topical_pages_come_in_full(tmp_path):
    source = manual(tmp_path)
    first = choose(source, 5, seed=15)
    assert first == choose(source, 5, seed=15)
    assert [row["file"] for row in first] != [row["file"] for row in choose(source, 5, seed=16)]
    assert sum(row["kind"] == "sample" for row in first) == 5
    topical = [row for row in first if row["topical"]]
    assert [Path(row["file"]).name for row in topical] == ["settings.html"]


def test_languages_get_one_code_across_packages():
    assert language_code("de-DE") == language_code("de") == "de"
    assert language_code("pt_BR") == "pt-br"
    assert language_code("zh-TW") == "zh-tw"
    assert parse_source("docs/fr=/srv/docs") == Source("docs", "fr", Path("/srv/docs"))


def test_healthy_manual_pages_are_not_flagged(tmp_path, capsys):
    manual(tmp_path)
    healthy_sweep.main([f"manual/en={tmp_path}", "--json", "--quiet", "--per-package", "10"])
    figures = json.loads(capsys.readouterr().out)
    assert figures["overall"]["all"] == {"pages": 11, "flagged": 0, "rate": 0.0, "not_judged": 0}
    assert figures["groups"]["manual/en"]["topical"]["pages"] == 1
