"""The verb an English agent noun is made of, when the knowledge base uses that verb."""

import pytest

from bot.core.agent_nouns import verb_of

KNOWN = {"build", "compete", "invest", "supply", "ship", "compute", "own", "operate"}
STOP = {"own"}


@pytest.mark.parametrize(("noun", "verb"), [("builders", "build"), ("competitor", "compete"), ("investors", "invest"),
                                            ("supplier", "supply"), ("shipper", "ship"), ("computer", "compute"),
                                            ("operators", "operate")])
def test_an_agent_noun_is_read_as_its_verb(noun: str, verb: str) -> None:
    assert verb_of(noun, KNOWN, STOP) == verb


@pytest.mark.parametrize("noun", ["owner", "user", "leader", "chips", "matter"])
def test_a_noun_whose_verb_is_unknown_or_a_stopword_stays_itself(noun: str) -> None:
    assert verb_of(noun, KNOWN, STOP) is None
