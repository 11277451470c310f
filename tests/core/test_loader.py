from pathlib import Path

import pytest
import yaml

from bot.core.loader import DataError, KnowledgeData, load_data
from bot.core.text import fold_quote, numbers_in
from tests.conftest import copy_data


def test_shipped_data_is_large_enough(shipped: KnowledgeData) -> None:
    assert len(shipped.sources) == 2
    assert len(shipped.facts) >= 40
    assert len(shipped.faq) >= 40


def test_every_fact_quote_is_verbatim_in_its_source(shipped: KnowledgeData) -> None:
    texts = {s.id: fold_quote(s.text) for s in shipped.sources}
    for fact in shipped.facts:
        assert fold_quote(fact.quote) in texts[fact.source_id], fact.id


def test_every_faq_entry_rests_on_facts_and_is_askable_several_ways(shipped: KnowledgeData) -> None:
    facts = {f.id for f in shipped.facts}
    for entry in shipped.faq:
        assert entry.facts and set(entry.facts) <= facts, entry.id
        assert len(entry.phrasings) >= 4, entry.id


def test_every_fact_is_behind_some_faq_answer(shipped: KnowledgeData) -> None:
    cited = {f for e in shipped.faq for f in e.facts}
    assert {f.id for f in shipped.facts} - cited == set()


def test_unknown_metadata_is_left_empty_not_invented(shipped: KnowledgeData) -> None:
    for source in shipped.sources:
        assert source.url is None
        assert source.published is None
    commentary = next(s for s in shipped.sources if s.id == "europe-ai-gap-commentary")
    assert commentary.publisher is None
    assert "发表回复" not in commentary.text


def test_sources_keep_the_articles_text_exactly() -> None:
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("shared/ seeds not beside this checkout")
    data = load_data()
    zhitong = next(s for s in data.sources if s.id == "zhitong-nvidia-europe")
    assert zhitong.text.strip() == (seeds / "000_48a77be960a17251.txt").read_text(encoding="utf-8").strip()


def test_numbers_in_answers_are_backed_by_quotes(shipped: KnowledgeData) -> None:
    quotes = {f.id: f.quote for f in shipped.facts}
    for entry in shipped.faq:
        backed = set().union(*(numbers_in(quotes[f]) for f in entry.facts))
        assert numbers_in(entry.answer) <= backed, entry.id


def _edit(data_dir: Path, name: str, change: object) -> None:
    path = data_dir / name
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(rows)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_quote_not_in_its_source_is_a_load_error_naming_the_fact(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)

    def break_quote(rows: list[dict[str, object]]) -> None:
        rows[0]["quote"] = "Nvidia will send 99,999 chips to the Moon."

    _edit(data_dir, "facts.yaml", break_quote)
    first = yaml.safe_load((data_dir / "facts.yaml").read_text(encoding="utf-8"))[0]["id"]
    with pytest.raises(DataError, match=f"fact '{first}'.*verbatim"):
        load_data(data_dir)


def test_a_number_the_quote_lacks_is_refused(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)

    def wrong_number(rows: list[dict[str, object]]) -> None:
        rows[0]["statement"] = "It will use 1,800 chips."

    _edit(data_dir, "facts.yaml", wrong_number)
    with pytest.raises(DataError, match="1800"):
        load_data(data_dir)


def test_a_fact_without_a_quote_is_refused(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)

    def no_quote(rows: list[dict[str, object]]) -> None:
        del rows[0]["quote"]

    _edit(data_dir, "facts.yaml", no_quote)
    with pytest.raises(DataError, match="quote is required"):
        load_data(data_dir)


def test_broken_yaml_names_the_file(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)
    (data_dir / "faq.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"faq\.yaml.*not valid YAML"):
        load_data(data_dir)


def test_a_missing_field_names_the_entry(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)

    def no_answer(rows: list[dict[str, object]]) -> None:
        del rows[1]["answer"]

    _edit(data_dir, "faq.yaml", no_answer)
    second = yaml.safe_load((data_dir / "faq.yaml").read_text(encoding="utf-8"))[1]["id"]
    with pytest.raises(DataError, match=rf"faq\.yaml: entry '{second}': missing field 'answer'"):
        load_data(data_dir)


def test_a_mention_smuggled_into_an_answer_is_refused(tmp_path: Path) -> None:
    data_dir = copy_data(tmp_path)

    def smuggle(rows: list[dict[str, object]]) -> None:
        rows[0]["answer"] = str(rows[0]["answer"]) + " @everyone"

    _edit(data_dir, "faq.yaml", smuggle)
    with pytest.raises(DataError, match="mentions"):
        load_data(data_dir)
