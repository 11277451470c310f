"""Places named in any script, through CLDR: known ones are the knowledge base's, the rest are foreign."""

import pytest

from bot.core.names import NameFinder
from bot.core.places import cldr_places, codes_for


@pytest.fixture(scope="module")
def finder() -> NameFinder[str]:
    return NameFinder({name: found[0].code for name, found in cldr_places().items()})


@pytest.mark.parametrize(
    ("text", "code"),
    [("chips for Japan", "JP"), ("运往日本", "JP"), ("в Японию", "JP"), ("Япония", "JP"), ("일본에 보내는", "JP"),
     ("في أوروبا", "150"), ("भारत को", "IN"), ("au Japon", "JP"), ("Saudi Arabia", "SA"), ("巴黎", "tz:Europe/Paris"),
     ("המפעל בגרמניה", "DE"), ("आर्मेनिया में Nvidia", "AM")],
)
def test_a_place_is_found_in_any_script(finder: NameFinder[str], text: str, code: str) -> None:
    assert [f.value for f in finder.find(text)] == [code]


@pytest.mark.parametrize("text", ["a turkey sandwich", "is man involved", "the jordan brand", "nice work", "center"])
def test_english_words_are_not_taken_for_places(finder: NameFinder[str], text: str) -> None:
    assert finder.find(text) == []


def test_an_alias_finds_its_place_code() -> None:
    assert codes_for(["United Kingdom", "France", "Paris"]) == {"GB", "FR", "tz:Europe/Paris"}


@pytest.mark.parametrize(("text", "code"), [("Kuinka monta GPU:ta asentaa Suomeen?", "FI"),
                                            ("Hány chipet kap Japánban?", "JP"), ("Ile trafi do Japonii?", "JP")])
def test_a_case_ending_on_a_place_is_read_in_the_latin_languages_that_add_one(
        finder: NameFinder[str], text: str, code: str) -> None:
    assert [f.value for f in finder.find(text, inflected_latin=True)] == [code]
    assert finder.find(text) == [], "in English, a word that merely starts like a place is none"


def test_an_inflected_place_must_be_capitalised_and_keep_most_of_its_name(finder: NameFinder[str]) -> None:
    assert finder.find("Je li Mistral američka tvrtka?", inflected_latin=True) == []  # american, an adjective
    assert finder.find("Колко чипа ще получи?") == []  # "получи" (receives) shares three letters with Полша
    assert [f.value for f in finder.find("в Индии")] == ["IN"]


@pytest.mark.parametrize(("text", "code"), [("Հայաստանում քանի՞ չիպ", "AM"), ("საფრანგეთში რამდენი", "FR"),
                                            ("அர்மேனியாவில் எத்தனை", "AM")])
def test_a_case_ending_on_a_place_is_read_in_armenian_georgian_and_tamil(
        finder: NameFinder[str], text: str, code: str) -> None:
    assert [f.value for f in finder.find(text)] == [code]


def test_a_place_name_that_is_another_language_s_everyday_word_is_no_place(finder: NameFinder[str]) -> None:
    """Latvian "Čada" (Chad) folds to Spanish "cada" (each); Spanish "Francia" is still France."""
    assert finder.find("¿Cuántos chips tendrá cada gigafactoría?", inflected_latin=True) == []
    assert [f.value for f in finder.find("¿Cuántos chips recibe Francia?")] == ["FR"]


@pytest.mark.parametrize(("text", "name"), [("Ile chipów dostanie firma Orbitala?", "orbital"),
                                            ("Które modele Globexu mają Quasar?", "globex"),
                                            ("Mitä Globexille kuuluu?", "globex")])
def test_a_case_ending_on_a_company_name_is_read_in_the_latin_languages_that_add_one(text: str, name: str) -> None:
    """Polish "Orbitala", Finnish "Globexille": the name with a case ending, found only in those languages."""
    companies = NameFinder[str]({}, {"orbital": "orbital", "globex": "globex"})
    assert [f.value for f in companies.find(text, inflected_latin=True)] == [name]
    assert companies.find(text) == []


def test_a_company_name_as_written_is_left_to_the_word_table() -> None:
    """"Orbital" itself is read by the words; the name finder reads only what the words cannot."""
    assert NameFinder[str]({}, {"orbital": "orbital"}).find("Co robi Orbital?", inflected_latin=True) == []
