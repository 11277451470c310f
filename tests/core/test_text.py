from bot.core.text import cased_words, fold, fold_quote, numbers_in, stem, strip_control, words


def test_thousands_separators_fold_to_one_number() -> None:
    assert numbers_in("18,000") == numbers_in("18000") == numbers_in("18.000") == numbers_in("18 000") == {"18000"}


def test_decimals_stay_decimals_and_a_scale_word_is_part_of_the_figure() -> None:
    assert numbers_in("1.5 developers") == {"1.5"}
    assert numbers_in("1.5 million developers") == numbers_in("1,500,000 developers") == {"1500000"}


def test_fold_drops_case_accents_and_curly_quotes() -> None:
    assert fold("Telefónica’s “AI”") == "telefonica's \"ai\""
    assert fold("LÄNDER") == "lander"


def test_words_drop_possessives_and_split_hyphens() -> None:
    assert words("Nvidia's Grace-Blackwell chips") == ["nvidia", "grace", "blackwell", "chips"]


def test_k_suffix_is_a_thousand() -> None:
    assert words("18k chips") == ["18000", "chips"]


def test_case_is_kept_for_telling_us_from_US() -> None:
    assert cased_words("the US and us") == ["the", "US", "and", "us"]


def test_control_and_invisible_characters_are_removed() -> None:
    assert strip_control("a\u0000b\u200bc\nd") == "abc d"


def test_quote_fold_ignores_only_case_quotes_and_space() -> None:
    assert fold_quote("“The  only thing\nmissing”") == fold_quote('"the only thing missing"')
    assert fold_quote("18,000") != fold_quote("18000")


def test_stem_makes_plurals_meet() -> None:
    assert stem("factories") == stem("factory")
    assert stem("18000") == "18000"
