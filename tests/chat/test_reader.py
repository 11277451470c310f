"""The chat-message reader: what a person would read as the question, in a message as people write them."""

import pytest

from bot.chat.reader import Question, read


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("hey bot 👋 quick one, where is mistral's new cloud being built? need it for a slide lol",
         "where is mistral's new cloud being built?"),
        ("<@U0123ABCD> quick q - where is the data center located", "where is the data center located"),
        ("@here @channel what is mistral compute?", "what is mistral compute?"),
        ("<@!123456789012345678> what's lepton? saw it in the nvidia news", "what's lepton?"),
        ("asking for a friend lol, which uk companies are getting chips", "which uk companies are getting chips"),
        ("context: writing a slide. what's the investment gap vs the US? tia", "what's the investment gap vs the US?"),
        ("**How many** chips does `Mistral Compute` get?? 🤔", "How many chips does Mistral Compute get??"),
        ("According to the CEO, how many chips will the gigafactories hold?",
         "According to the CEO, how many chips will the gigafactories hold?"),
        ("lepton aws", "lepton aws"),
        ("Сколько стоит Mistral Compute? спасибо", "Сколько стоит Mistral Compute?"),
    ],
)
def test_the_question_in_a_chat_message(message: str, question: str) -> None:
    assert read(message).question == question


def test_two_questions_in_one_message_are_read_apart_and_the_second_points_back() -> None:
    reading = read("where is mistral compute being built and how many chips does it use?")
    assert [q.text for q in reading.questions] == ["where is mistral compute being built?",
                                                  "how many chips does it use?"]
    assert reading.questions[1].context == "where is mistral compute being built?"


def test_questions_in_separate_sentences_and_a_list_of_three_at_most() -> None:
    reading = read("What's the gap with the US? And who's the other competitor? Also who said it? And when?")
    assert len(reading.questions) == 3
    assert reading.questions[1].text == "who's the other competitor?"


def test_a_quoted_line_is_what_a_pointing_question_is_about() -> None:
    reading = read("> We will increase Europe's AI computing capacity by 10 times\nwho said this?")
    quote = "We will increase Europe's AI computing capacity by 10 times"
    assert reading.questions == (Question("who said this?", quote),)


def test_a_message_of_nothing_but_mentions_and_greetings_asks_nothing() -> None:
    assert read("@here <@U123> 👋").questions == ()
    assert read("hi! thanks 🙏").questions == ()


def test_a_quote_and_its_question_on_one_line_are_read_as_the_question() -> None:
    """Messages flattened to one line (``ask -``, a copy-paste) keep the asker's words after the quote."""
    reading = read("> The only thing missing is infrastructure who said this?")
    assert reading.question == "The only thing missing is infrastructure who said this?"


def test_questions_numbered_inside_one_line_are_each_answered() -> None:
    reading = read("1) how many devs does nvidia work with 2) how many startups (3) how many businesses")
    assert [q.text for q in reading.questions] == [
        "how many devs does nvidia work with?", "how many startups?", "how many businesses?"]


@pytest.mark.parametrize("message", [
    "a) how many AI factories b) how many chips in a gigafactory c) how big is the gap",
    "quick ones: (a) how many AI factories (b) how many chips in a gigafactory (c) how big is the gap",
])
def test_questions_lettered_inside_one_line_are_each_answered(message: str) -> None:
    assert [q.text for q in read(message).questions] == [
        "how many AI factories?", "how many chips in a gigafactory?", "how big is the gap?"]


@pytest.mark.parametrize("message", ["is plan a) or plan b) better?", "what is b) about, and c) too"])
def test_letters_in_brackets_mid_sentence_or_out_of_turn_are_no_list(message: str) -> None:
    assert len(read(message).questions) == 1


def test_an_english_to_or_go_points_back_to_nothing_but_a_polish_one_does() -> None:
    """Polish "to" and "go" are pronouns; "how much will compute capacity go up?" asks afresh."""
    english = read("how many chips in a gigafactory? and how much will compute capacity go up?").questions
    assert [q.context for q in english] == [None, None]
    polish = read("Co to jest Mistral Compute? Kto go buduje?").questions
    assert polish[1].context == "Co to jest Mistral Compute?"


def test_figures_with_points_are_not_list_numbers() -> None:
    assert read("does it grow 2.5 times or 3 times?").question == "does it grow 2.5 times or 3 times?"


@pytest.mark.parametrize(
    ("message", "question", "lead"),
    [
        ("writing a blog post on this — which cloud providers does the commentary list?",
         "which cloud providers does the commentary list?", "writing a blog post on this"),
        ("team is debating: what's the expected jump in production next year?",
         "what's the expected jump in production next year?", "team is debating"),
        ("Mr Huang's plan for 'AI factories' - how many and where?", "how many and where?",
         "Mr Huang's plan for 'AI factories'"),
    ],
)
def test_a_lead_in_before_the_question_is_its_context_not_part_of_it(message: str, question: str, lead: str) -> None:
    assert read(message).questions == (Question(question, lead),)


def test_a_sentence_that_only_ends_in_a_question_keeps_its_first_half() -> None:
    message = "the Mistral deal is for what kind of customers - consumers or businesses?"
    assert read(message).questions == (Question(message, None),)


def test_a_contracted_question_word_opens_a_question_and_ones_points_back() -> None:
    reading = read("quick ones: where's it being built, and how many chips go in the biggest ones?")
    assert [q.text for q in reading.questions] == ["where's it being built?", "how many chips go in the biggest ones?"]
    assert reading.questions[1].context == "where's it being built?"


def test_each_and_both_point_back_to_what_was_said_before() -> None:
    """"What does each one say?" after "the two articles describe the chips differently" asks it of them."""
    reading = read("The two articles describe the chips differently. What does each one say?")
    assert reading.questions == (Question("What does each one say?",
                                          "The two articles describe the chips differently."),)


def test_a_short_follow_up_opening_with_a_preposition_asks_more_of_the_question_before() -> None:
    """"…behind the US? by how much" is a second question about the first, though it names nothing itself;
    a bare guess ("talent?") is not a question of its own."""
    reading = read("lol so europe is behind the US in AI infra?? by how much 💸")
    assert [q.text for q in reading.questions] == ["so europe is behind the US in AI infra??", "by how much"]
    assert reading.questions[1].context == "so europe is behind the US in AI infra??"
    guess = read("what else does europe need besides money? talent?")
    assert len(guess.questions) == 2 and guess.questions[1].context is None


@pytest.mark.parametrize(("message", "question"), [
    ("hiii 😊 is armenia really part of this??", "is armenia really part of this??"),
    ("heyyy all, how many chips does mistral get? thxxx", "how many chips does mistral get?"),
    ("gm ☕ what's the german AI factory supposed to be", "what's the german AI factory supposed to be"),
])
def test_stretched_and_short_greetings_are_chat_too(message: str, question: str) -> None:
    assert read(message).question == question


def test_the_point_of_a_capitalised_abbreviation_ends_no_sentence() -> None:
    """"EE. UU." (the United States in Spanish) is no sentence end; "ok. why?" still has two."""
    message = "¿De cuánto es la brecha de inversión en IA entre Europa y EE. UU.?"
    assert read(message).question == message
    assert read("Europe lags the US. How big is the gap?").question == "How big is the gap?"


def test_a_question_to_the_channel_is_context_for_the_question_to_the_bot() -> None:
    """"u saw the nvidia paris stuff?" asks the people; "have you seen where it is built?" asks something."""
    reading = read("<@284716395028174336> u saw the nvidia paris stuff? how many devs do they work with in europe?")
    assert [q.text for q in reading.questions] == ["how many devs do they work with in europe?"]
    asking = read("have you seen where mistral compute is? and how many chips?")
    assert asking.question == "have you seen where mistral compute is?" and len(asking.questions) == 2


def test_a_second_question_after_and_in_another_language_is_split_off_and_points_back() -> None:
    reading = read("c'est quoi le service lepton de nvidia, et qui le rejoint ?")
    assert [q.text for q in reading.questions] == ["c'est quoi le service lepton de nvidia?", "qui le rejoint ?"]
    assert reading.questions[1].context == "c'est quoi le service lepton de nvidia?"
    german = read("Wo wird Mistral Compute gebaut und wie viele Chips bekommt es?")
    assert [q.context for q in german.questions] == [None, "Wo wird Mistral Compute gebaut?"]


def test_an_article_in_a_first_question_is_no_pointing_back() -> None:
    assert read("où est le centre de données de Mistral ?").questions[0].context is None


def test_a_question_word_and_a_name_are_a_question_of_their_own() -> None:
    reading = read("what's lepton and who's joining it")
    assert [q.text for q in reading.questions] == ["what's lepton?", "who's joining it"]
    assert [q.text for q in read("how many and which chips?").questions] == ["how many and which chips?"]


def test_a_second_question_tied_on_with_and_or_also_asks_without_its_question_mark() -> None:
    reading = read("what's the germany factory meant to be? and which telcos are in")
    assert [q.text for q in reading.questions] == ["what's the germany factory meant to be?", "which telcos are in"]
    also = read("gap size? also which privacy law do they mention")
    assert [q.text for q in also.questions] == ["gap size?", "which privacy law do they mention"]
    assert [q.text for q in read("where is it built? and that's all i need").questions] == ["where is it built?"]


def test_a_plus_joins_two_questions_as_and_does() -> None:
    reading = read("what's planned in germany + which telcos are partners?")
    assert [q.text for q in reading.questions] == ["what's planned in germany?", "which telcos are partners?"]
    assert [q.text for q in read("is 2 + 2 = 4?").questions] == ["is 2 + 2 = 4?"]


def test_a_spanish_question_opening_with_its_inverted_mark_splits_as_any_other() -> None:
    reading = read("¿Qué es Lepton de Nvidia y quién se va a unir?")
    assert [q.text for q in reading.questions] == ["¿Qué es Lepton de Nvidia?", "quién se va a unir?"]


def test_a_comparison_of_two_whole_questions_asks_each_of_them() -> None:
    reading = read("how many ai factories total vs how many of them are gigafactories?")
    assert [q.text for q in reading.questions] == [
        "how many ai factories total?", "how many of them are gigafactories?"]
    assert reading.questions[1].context == "how many ai factories total?"
    russian = read("где mistral строит дата-центр, а где будет промышленное облако?")
    assert [q.text for q in russian.questions] == ["где mistral строит дата-центр?", "где будет промышленное облако?"]


def test_a_comparison_of_two_names_stays_one_question() -> None:
    assert [q.text for q in read("mistral vs the uk, who gets more chips?").questions] == [
        "mistral vs the uk, who gets more chips?"]
    assert len(read("what did jensen say vs dion harris?").questions) == 1


@pytest.mark.parametrize(("message", "question"), [
    ("pls explain in 2 sentences why europe wants sovereign AI", "explain why europe wants sovereign AI"),
    ("what is lepton? in one sentence pls", "what is lepton?"),
    ("give me 3 bullet points on what nvidia announced", "give me on what nvidia announced"),
])
def test_how_the_reply_should_be_laid_out_is_no_part_of_the_question(message: str, question: str) -> None:
    """"In 2 sentences" asks for a form the bot does not change, and "2" is no figure the sources must hold."""
    assert [q.text for q in read(message).questions] == [question]


def test_a_count_of_things_the_sources_hold_stays_in_the_question() -> None:
    assert read("what are the 20 AI factories?").question == "what are the 20 AI factories?"


def test_a_question_word_set_off_by_commas_after_a_question_asks_more_of_it() -> None:
    """"What chips does it use, how many, and where is it built?" asks three things, the last two of the first."""
    reading = read("What chips does Mistral Compute use, how many, and where is it being developed?")
    first = "What chips does Mistral Compute use?"
    assert reading.questions == (Question(first, None), Question("how many?", first),
                                 Question("where is it being developed?", first))
    assert [q.text for q in read("how many, and which companies get them?").questions] == [
        "how many, and which companies get them?"]


def test_an_emoji_between_a_remark_and_a_question_ends_the_remark() -> None:
    """People put an emoji where a full stop goes; "how many 🤖 chips" stays one question."""
    reading = read("lmao europe always behind 🙃 what does the commentary say the continent risks?")
    assert [q.text for q in reading.questions] == ["what does the commentary say the continent risks?"]
    assert [q.text for q in read("so hyped 🔥🔥 where is mistral compute being built").questions] == [
        "where is mistral compute being built"]
    assert [q.text for q in read("how many 🤖 chips does mistral get").questions] == ["how many chips does mistral get"]


def test_anyway_turns_from_a_remark_to_the_question_and_is_not_asked_about() -> None:
    """"… 'hwang in-hoon' 💀 anyway where was the event held": the remark, its quote and emoji are not the question."""
    reading = read("lmaooo the translation calls jensen 'hwang in-hoon' 💀 anyway where was the event held")
    assert [q.text for q in reading.questions] == ["where was the event held"]
    assert [q.text for q in read("ok that's wild. anyways, who is dion harris?").questions] == ["who is dion harris?"]
    assert [q.text for q in read("the chips ship next year anyway, right?").questions] == [
        "the chips ship next year anyway, right?"], "no question opens after it: it is part of the claim"


def test_a_short_question_after_a_remark_asks_about_what_the_remark_names() -> None:
    """"… the europe vs us ai gap 😅 what's the number": the number is the gap's; a longer question stands alone."""
    reading = read("my prof wants a source for the europe vs us ai gap 😅 what's the number")
    assert reading.questions == (Question("what's the number", "my prof wants a source for the europe vs us ai gap."),)
    alone = read("new here. what does nvidia plan for the uk?")
    assert alone.questions == (Question("what does nvidia plan for the uk?", None),)


def test_a_question_word_alone_after_a_remark_asks_about_the_remark() -> None:
    """"… said just one thing was lacking. what?": the question mark on the bare word hides no question word."""
    remark = "the exec who runs the server-farm unit said just one thing was lacking."
    assert read(f"{remark} what?").questions == (Question("what?", remark),)
    built = "Mistral is building a data centre."
    assert read(f"{built} where?!").questions[0].context == built


def test_a_second_question_opening_on_a_preposition_is_split_off() -> None:
    """"who said this and at what event?" asks two things of the quote; "who said it and to whom?" is too short."""
    reading = read("> We will grow capacity by 10 times\nwho said this and at what event?")
    assert [q.text for q in reading.questions] == ["who said this?", "at what event?"]
    assert all(q.context == "We will grow capacity by 10 times" for q in reading.questions)
    assert len(read("who said it and to whom?").questions) == 1


def test_a_filler_before_but_leaves_the_question_without_either() -> None:
    """"dumb q but why is GDPR showing up…": neither the filler nor the "but" after it is asked about."""
    assert [q.text for q in read("dumb q but why is GDPR showing up in an nvidia article").questions] == [
        "why is GDPR showing up in an nvidia article"]
    assert [q.text for q in read("random question but who is dion harris").questions] == ["who is dion harris"]


def test_a_hesitation_is_no_word_of_the_question() -> None:
    assert [q.text for q in read("so uhh which countries are the key markets?").questions] == [
        "which countries are the key markets?"]
