"""The language table: which language a question is in, what kind of answer it wants, whether it is yes/no."""

import pytest

from bot.core.gives import NEVER_GIVEN
from bot.core.languages import Languages, shipped
from bot.core.text import fold


@pytest.fixture(scope="module")
def table() -> Languages:
    return shipped()


@pytest.mark.parametrize(
    ("text", "code"),
    [("How many chips will Mistral Compute use?", "en"), ("Combien de puces pour Mistral Compute ?", "fr"),
     ("Wie viele KI-Fabriken entstehen in Europa?", "de"), ("英伟达有多少颗芯片？", "zh"),
     ("チップは何個ですか？", "ja"),
     ("칩은 몇 개인가요?", "ko"), ("Сколько стоит Mistral Compute?", "ru"), ("Скільки стартапів у Європі?", "uk"),
     ("كم عدد المطورين؟", "ar"), ("कितने चिप मिलेंगे?", "hi"), ("lepton aws", "en"), ("mistral compute chips", "en"),
     ("¿Qué dijo Jensen sobre el Reino Unido en el evento con Starmer?", "es")],
)
def test_the_language_of_a_question(table: Languages, text: str, code: str) -> None:
    assert table.detect(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("У ком немачком граду ће бити индустријски AI облак?", "sr"), ("Кој град ќе биде домаќин?", "mk"),
     ("Колькі чыпаў атрымае Mistral?", "be"), ("Къде ще бъде изграден центърът?", "bg"),
     ("Что NVIDIA объявила для Европы?", "ru")],
)
def test_cyrillic_languages_are_told_apart_by_their_own_letters(table: Languages, text: str, code: str) -> None:
    """Words the table lacks leave the letters: "ћ" is Serbian, "ќ" Macedonian, "ў" Belarusian, a "ъ" before a
    consonant Bulgarian, one before a soft vowel ("объявила") Russian."""
    assert table.detect(text) == code


@pytest.mark.parametrize(
    ("text", "kind"),
    [("What is the price of Mistral Compute?", "price"), ("Сколько стоит Mistral Compute?", "price"),
     ("how much is nvidia charging mistral for the chips?", "price"),
     ("Which Chinese AI giants does the commentary name?", "company"),
     ("ドイツの工場の建設費はいくらですか？", "price"), ("When will it launch?", "time"),
     ("Which German company is the partner?", "company"), ("Which German city hosts it?", "city"),
     ("How many megawatts does the site draw?", "power"), ("Wer baut die Fabrik?", "person"),
     ("英伟达有多少颗芯片？", "count"), ("what % of the sales is Microsoft's?", "percent"),
     ("how much is Mistral paying for the chips?", "money"), ("매출의 절반을 차지하는 회사가 어디야?", "company"),
     ("기가팩토리 하나 짓는데 돈 얼마나 들어감?", "money"),
     ("売上の半分を占める会社はどこ？", "company")],
)
def test_what_a_question_asks_for(table: Languages, text: str, kind: str) -> None:
    assert kind in table.asked(text).kinds


def test_a_conjunction_is_not_a_question_word(table: Languages) -> None:
    assert "time" not in table.asked("When people say sovereign AI, what do they mean?").kinds
    assert "person" not in table.asked("the CEO who announced it, what did he say?").kinds
    assert "time" in table.asked("So when is it?").kinds


@pytest.mark.parametrize(
    "text",
    ["Is the data centre in Lyon?", "Mistral Compute uses 180,000 chips, right?", "Mistral Compute 在巴黎吗？",
     "Это правда ли?", "Nvidia Türkiye'de de veri merkezi kuruyor mu?", "هل تعمل إنفيديا مع شركات الاتصالات؟",
     "Google and Amazon make up about half of Nvidia's sales, yes?"],
)
def test_yes_no_questions(table: Languages, text: str) -> None:
    assert table.asked(text).yesno


def test_a_non_english_asker_is_told_in_their_language_and_an_english_one_is_not(table: Languages) -> None:
    assert table.notice("en") == ""
    assert table.notice("fr") and table.notice("fr") != table.notice("de")


@pytest.mark.parametrize("text", ["NVIDIAのCEOは何と言いましたか？", "엔비디아는 유럽에서 무엇을 발표했나요?",
                                  "英伟达宣布了哪些项目吗？", "Nvidia Avrupa'da hangi ülkelere çip veriyor mu?"])
def test_an_open_question_ending_in_a_question_particle_is_not_yes_no(table: Languages, text: str) -> None:
    """The particle ends every question in these languages; the interrogative ("何", "무엇") makes it an open one."""
    assert not table.asked(text).yesno


def test_a_question_particle_without_an_interrogative_still_asks_yes_or_no(table: Languages) -> None:
    assert table.asked("Mistral Computeはフランスにありますか？").yesno


def test_the_language_is_the_same_in_every_process_when_two_share_the_words() -> None:
    """Danish and Norwegian share "hvor mange": the tie is broken the same way whatever the string hash seed."""
    import os
    import subprocess
    import sys

    code = ("from bot.core import languages; t = 'Hvor mange virksomheder i Europa arbejder Nvidia sammen med?'; "
            "L = languages.shipped(); print(L.detect(t), L.detect(t, guess=False))")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "6", "7", "10")}
    assert len(seen) == 1, seen


@pytest.mark.parametrize(("text", "code", "tag"), [
    ("Mistral Compute tourne sur 1 800 puces, c'est bien ça ?", "fr", "c'est bien ça"),
    ("So production will double next year, correct?", "en", "correct"),
    ("Mistral ist ein deutsches Unternehmen, oder?", "de", "oder"),
    ("Is Mistral French?", "en", ""),
])
def test_the_tag_that_makes_a_yes_no_question_is_kept(table: Languages, text: str, code: str, tag: str) -> None:
    asked = table.asked(text, code)
    assert asked.yesno and asked.tag == fold(tag)


@pytest.mark.parametrize(("text", "code", "kind"), [
    ("आर्मेनिया में Nvidia किस कंपनी के साथ काम कर रहा है?", "hi", "company"),
    ("In welcher deutschen Stadt wird die Cloud gebaut?", "de", "city"),
    ("Which German company is the partner?", "en", "company"),
])
def test_what_is_asked_is_read_in_any_script_and_around_an_adjective(table: Languages, text: str, code: str,
                                                                     kind: str) -> None:
    """"किस" (which) ends in a vowel sign, which is not a letter; "welcher deutschen Stadt" puts a word inside."""
    assert kind in table.asked(text, code).kinds


@pytest.mark.parametrize(("text", "code", "kind"), [
    ("over what time frame are the AI factories being built?", "en", "duration"),
    ("Qual é o consumo de energia de um chip Grace Blackwell?", "pt", "power"),
    ("كم تستثمر إنفيديا في السعودية؟", "ar", "money"),
    ("Wie viel investiert Nvidia in Europa?", "de", "money"),
    ("Скільки коштуватиме одна гігафабрика?", "uk", "price"),
    ("Combien coûtera une gigafactory ?", "fr", "price"),
    ("मिस्ट्रल AI का वैल्यूएशन कितना है?", "hi", "money"),
])
def test_verbs_and_inflected_forms_ask_as_the_nouns_do(table: Languages, text: str, code: str, kind: str) -> None:
    """"consumo de energia" asks for power and "تستثمر" (invests) for money, as "megawatts" and "investment" do."""
    assert kind in table.asked(text, code).kinds


def test_a_measure_word_is_not_a_price(table: Languages) -> None:
    """"多少块芯片" counts chips (块 is their measure word), though "多少块钱" asks a price in yuan."""
    assert "price" not in table.asked("Mistral Compute 会使用多少块英伟达芯片？", "zh").kinds


@pytest.mark.parametrize(("text", "yesno"), [
    ("so it's just 5 ai factories planned across europe?", True),
    ("the mistral chips are 18k?", True),
    ("mistral compute location?", False),
    ("how many chips is it?", False),
    ("nvidia works with 70,000 startups in europe?", True),
    ("mistral compute got built in lyon?", True),
    ("nvidia partners in europe?", False),
])
def test_a_statement_asked_back_is_a_yes_no_question(table: Languages, text: str, yesno: bool) -> None:
    """A statement with a question mark asks whether it is so; a keyword query with one does not."""
    assert table.asked(text, "en").yesno is yesno


def test_a_latin_phrase_of_a_language_in_another_script_is_a_whole_word(table: Languages) -> None:
    """Thai's "kw" (kilowatt) was found inside "Blackwell": a count of chips was read as asking for power."""
    asked = table.asked("Nvidia จะส่งชิป Blackwell ให้ Mistral กี่ตัวครับ", "th")
    assert "power" not in asked.kinds and "count" in asked.kinds
    assert "power" in table.asked("ชิปใช้ไฟกี่ kw", "th").kinds


def test_a_phrase_of_a_language_that_adds_endings_opens_a_word(table: Languages) -> None:
    """Hungarian "ár" (price) was found inside "hányszorosára" (by how many times) and "euró" inside "európai"
    (European); "ár" still opens "ára" (its price), and gives way to "árbevétel" (revenue), which it also opens."""
    assert table.asked("Hányszorosára nő az európai AI kapacitás?", "hu").kinds == {"count"}
    assert "price" in table.asked("Mennyi a chip ára?", "hu").kinds
    revenue = table.asked("Mennyi volt az árbevétele?", "hu").kinds
    assert "money" in revenue and "price" not in revenue
    assert "price" in table.asked("건설비용은 얼마예요?", "ko").kinds, "Korean glues nouns: 건설비용 holds 비용, cost"


@pytest.mark.parametrize(("text", "code", "kind"), [
    ("Mitu kiipi Mistral saab?", "et", "count"),
    ("Kiek lustų gaus Mistral?", "lt", "count"),
    ("Cik čipu saņems Mistral?", "lv", "count"),
    ("Քանի՞ չիպ կստանա Mistral-ը", "hy", "count"),
    ("ஐரோப்பாவின் முதலீட்டு இடைவெளியை யார் மதிப்பிட்டார்கள்?", "ta", "person"),
    ("Mistral neçə çip alacaq?", "az", "count"),
])
def test_the_languages_of_the_baltic_the_caucasus_and_tamil_are_read(table: Languages, text: str, code: str,
                                                                     kind: str) -> None:
    """Armenian writes its question mark inside the word ("Քանի՞", how many), which must not split it."""
    assert table.detect(text) == code
    assert kind in table.asked(text, code).kinds


def test_a_short_english_question_full_of_names_is_english(table: Languages) -> None:
    """The statistical model read "Is Jensen Huang NVIDIA's CEO?" as Danish, and the reply opened in Danish."""
    assert table.detect("Is Jensen Huang NVIDIA's CEO?") == "en"
    assert table.detect("Is Mistral een Frans bedrijf?") == "nl"


def test_a_comma_after_the_opening_phrase_keeps_it_a_yes_no_question(table: Languages) -> None:
    """"Stimmt es, dass …" opens with "stimmt es" though the comma clings to "es"."""
    assert table.asked("stimmt es, dass mistral compute in lyon gebaut wird?", "de").yesno


@pytest.mark.parametrize("text", ["did nvidia's stock jump after the announcements?", "What is Nvidia's market cap?",
                                  "is nvidia taking an equity stake in mistral?", "英伟达股价涨了吗？",
                                  "Wie hat die Aktie reagiert?", "акции nvidia выросли?"])
def test_the_stock_market_is_a_kind_of_answer_asked_in_any_language(table: Languages, text: str) -> None:
    assert "stock" in table.asked(text).kinds


@pytest.mark.parametrize("text", ["what's at stake for europe?", "how many chips will mistral acquire?",
                                  "what share of nvidia's sales come from microsoft?"])
def test_a_stake_at_risk_acquiring_chips_and_a_share_of_sales_are_not_the_stock_market(table: Languages,
                                                                                       text: str) -> None:
    assert "stock" not in table.asked(text, "en").kinds


@pytest.mark.parametrize(("text", "kind"), [
    ("How many employees does Nvidia have in Europe?", "staff"), ("¿Cuántos empleados tiene Mistral AI?", "staff"),
    ("Nvidia có bao nhiêu nhân viên ở châu Âu?", "staff"), ("Nvidia'nın Avrupa'da kaç çalışanı var?", "staff"),
    ("what's mistral valued at these days?", "funding"), ("Quelle est la valorisation de Mistral AI ?", "funding"),
    ("how much has mistral raised in its last funding round?", "funding"),
    ("Hvor mange ansatte har Nvidia i Europa?", "staff"),
])
def test_staff_and_funding_are_kinds_of_answer_asked_in_any_language(table: Languages, text: str, kind: str) -> None:
    assert kind in table.asked(text).kinds


def test_every_language_of_the_table_asks_what_no_entry_gives_and_says_said(table: Languages) -> None:
    """A trap in Norwegian is refused as one in German: each language has the kinds no entry gives, and (English
    aside, which finds its speakers by the shape of the question) its words for "said"."""
    for code, language in table.by_code.items():
        missing = [kind for kind in (*NEVER_GIVEN, "period") if not language.asks.get(kind)]
        if code != "en" and not language.asks.get("said"):
            missing.append("said")
        assert not missing, f"{code} lacks {missing}"


@pytest.mark.parametrize("text", ["how many startups work with nvidia in europe?",
                                  "כמה עסקים באירופה עובדים עם אנבידיה?",
                                  "hur många startups jobbar nvidia med i europa?", "how much is europe investing?"])
def test_working_with_nvidia_and_investing_are_not_staff_or_funding(table: Languages, text: str) -> None:
    """Startups working with NVIDIA are its ecosystem, not its staff; Europe's investment is no funding round."""
    assert not table.asked(text).kinds & {"staff", "funding"}


def test_chat_spellings_ask_what_their_words_ask(table: Languages) -> None:
    """"whens" asks when, and "which is cheaper" asks a price the sources never give."""
    assert "time" in table.asked("whens mistral compute launching?", "en").kinds
    assert "price" in table.asked("mistral compute vs google tpus, which is cheaper?", "en").kinds


@pytest.mark.parametrize(("text", "code"), [
    ("Nebius i Nscale to firmy, które działają w Niemczech, tak?", "pl"),
    ("Mistral Compute is the cloud which runs in Lyon, right?", "en"),
])
def test_a_tag_set_off_by_a_comma_asks_back_a_statement_with_an_interrogative_in_a_clause(
        table: Languages, text: str, code: str) -> None:
    """"…, które działają w Niemczech, tak?": "które" (which) opens a clause, not the question."""
    assert table.asked(text, code).yesno


def test_a_tag_after_an_open_question_leaves_it_open(table: Languages) -> None:
    """"Which telcos are in, right?" asks which; the tag only checks the asker is on the right page."""
    assert not table.asked("which telcos are in, right?", "en").yesno


@pytest.mark.parametrize(("text", "code"), [
    ("Правда, что Nebius и Nscale будут ставить чипы в Германии?", "ru"),
    ("Правда, що Nebius і Nscale ставитимуть чипи в Німеччині?", "uk"),
    ("C'est vrai que Mistral Compute est à Lyon ?", "fr"),
])
def test_is_it_true_that_opens_a_yes_no_question(table: Languages, text: str, code: str) -> None:
    assert table.asked(text, code).yesno


@pytest.mark.parametrize(("text", "code"), [
    ("what's the telefonica deal with nvidia worth?", "en"),
    ("Mistral 在埃松省的数据中心造价是多少？", "zh"),
    ("كم تبلغ قيمة صفقة إنفيديا مع ميسترال؟", "ar"),
])
def test_what_a_deal_is_worth_or_a_site_costs_to_build_asks_for_money(table: Languages, text: str, code: str) -> None:
    assert "money" in table.asked(text, code).kinds


def test_every_language_of_the_table_sets_names_aside(table: Languages) -> None:
    """"Além dos EUA, com quem a Europa compete?" sets the US aside as "besides the US" does: every language has its
    words for it, and a question using them asks it."""
    assert [code for code, language in table.by_code.items() if not language.asks.get("besides")] == []
    assert "besides" in table.asked("Além dos EUA, com quem a Europa compete em IA?").kinds
    assert "besides" in table.asked("Кроме США, с кем конкурирует Европа?").kinds
    assert "besides" not in table.asked("Com quem a Europa compete em IA?").kinds


@pytest.mark.parametrize(("text", "code"), [
    ("¿Cuánto pagó Mistral a Nvidia por los chips?", "es"),
    ("Combien Mistral a-t-il payé Nvidia pour les puces ?", "fr"),
    ("Wie viel hat Mistral Nvidia für die Chips bezahlt?", "de"),
    ("Сколько Mistral заплатила Nvidia за чипы?", "ru"),
    ("Mistral Nvidia'ya çipler için ne kadar ödedi?", "tr"),
    ("ミストラルはチップにいくら支払った？", "ja"),
])
def test_what_someone_paid_asks_for_money(table: Languages, text: str, code: str) -> None:
    """"How much did Mistral pay for the chips?" asks a sum in every language, not how many chips there are."""
    assert "money" in table.asked(text, code).kinds


def test_paying_is_not_read_into_words_that_only_contain_it(table: Languages) -> None:
    """Chinese 交付了 (delivered) holds 付了 (paid), German "Zahlen" are figures: neither asks for money."""
    assert "money" not in table.asked("英伟达交付了多少芯片？", "zh").kinds
    assert "money" not in table.asked("Welche Zahlen nennt der Artikel?", "de").kinds


@pytest.mark.parametrize(("text", "code", "kind"), [
    ("Сколько всего долларов Nvidia вкладывает в Европу?", "ru", "money"),
    ("paljonko nvidia sijoittaa mistraliin euroina?", "fi", "money"),
    ("¿Cuánto dinero ha levantado Mistral AI en su última ronda?", "es", "funding"),
    ("מה השווי של Mistral AI?", "he", "funding"),
    ("У ком немачком граду ће бити индустријски AI облак?", "sr", "city"),
])
def test_inflected_and_everyday_words_ask_what_their_dictionary_forms_ask(
        table: Languages, text: str, code: str, kind: str) -> None:
    """"вкладывает" (invests), "euroina" (in euros), "levantado" (raised): the forms people type, not only the
    dictionary's."""
    assert kind in table.asked(text, code).kinds


@pytest.mark.parametrize(("text", "kind"), [("when's the jaguar with drive coming out?", "time"),
                                            ("when'll the cloud open?", "time"),
                                            ("where's mistral's data centre?", "place"),
                                            ("wheres the german ai factory", "place")])
def test_a_contracted_question_word_asks_what_the_word_asks(table: Languages, text: str, kind: str) -> None:
    """"When's" asks when as "when is" does: without it, "the sources don't say when" was never said."""
    assert kind in table.asked(text, "en").kinds
