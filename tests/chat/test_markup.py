"""What a chat message carries besides its words is taken off, and its words stay."""

from bot.chat.markup import strip_markup


def test_markup_goes_but_words_stay() -> None:
    assert strip_markup("[the report](https://evil.example) says **18,000** ~~chips~~ :) <a:wave:123>").split() == [
        "the", "report", "says", "18,000", "chips"]
