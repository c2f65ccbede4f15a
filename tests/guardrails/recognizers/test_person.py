"""Names: NER, gazetteer and cues, through the engine (NER needs the spaCy model)."""

from __future__ import annotations

import pytest

from guardrails.engine import GuardrailEngine


def names(engine: GuardrailEngine, text: str) -> list[str]:
    return [text[f.start : f.end] for f in engine.analyze(text) if f.entity_type == "PERSON"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("My name is Ananya Iyer and I work at TCS", "Ananya Iyer"),
        ("rahul here, need a quote", "rahul"),
        ("mera naam priya hai", "priya"),
        ("hi this is vikram sharma from acme", "vikram sharma"),
        ("Regards,\nMeera Nair\nHead of Sales", "Meera Nair"),
        ("Thanks, Grace", "Grace"),
    ],
)
def test_names_are_found(engine: GuardrailEngine, text: str, expected: str) -> None:
    assert expected in names(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "We want to go live by March.",
        "Will this work for 50 users?",
        "Our office is in Surat, India.",
        "Bill it to our Mumbai office.",
        "hi team, we are evaluating CRMs",
    ],
)
def test_not_names(engine: GuardrailEngine, text: str) -> None:
    assert names(engine, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hi Tom,\n\nthanks for the demo", "Tom"),
        ("Faith this side, Head of IT", "Faith"),
        ("Good afternoon Kavya,\n\nplease share pricing", "Kavya"),
        ("i'm zashil, general manager at monsoonbridge", "zashil"),
        ("Following up on our call with Aarav. Budget is fine.", "Aarav"),
        ("we spoke last week, Upadhriti from Emberstack Logistics.", "Upadhriti"),
        ("please cc my colleague yatin.", "yatin"),
        ("Why is Víctor so impulsive?", "Víctor"),
        ("brynjólfur needs a quote", "brynjólfur"),
        ("You can tell Bettine H. Roelink wrote it", "Bettine H. Roelink"),
        ("You can also loop in Chanakya Bobal, our COO.", "Chanakya Bobal"),
    ],
)
def test_names_after_greetings_and_introductions(
    engine: GuardrailEngine, text: str, expected: str
) -> None:
    assert expected in names(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "i'm interested in the enterprise plan",
        "I manage IT for Cedarforge, a UK-based distributor.",
        "My friend lives in Groningen",
        "Co-founder at Zenbridge, Cardiff",
        "We use Harborworks Health for claims.",
        "Astrid works for Suez SA.",
    ],
)
def test_companies_places_and_words_are_not_names(engine: GuardrailEngine, text: str) -> None:
    assert [n for n in names(engine, text) if n != "Astrid"] == []


def test_a_company_after_a_name_stays(engine: GuardrailEngine) -> None:
    text = "Robert from Harborworks Health here."
    redacted = engine.redact(text).text
    assert "Robert" not in redacted and "Harborworks Health" in redacted


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Best,\nAarini", "Aarini"),
        ("Lohit Peri this side, Finance Controller", "Lohit Peri"),
        ("my name is inaya thakkar and i look after sales ops", "inaya thakkar"),
        ("contact balhaar soman on 98765 43210", "balhaar soman"),
        ("Justin is a very sympathetic person.", "Justin"),
    ],
)
def test_sign_offs_family_names_and_lone_given_names(
    engine: GuardrailEngine, text: str, expected: str
) -> None:
    assert expected in names(engine, text)


@pytest.mark.parametrize(
    "text, kept",
    [
        ("hi this is rahul looking for pricing", "looking"),
        ("Akshay from Crestforge here. kitna lagega?", "Crestforge"),
        ("Akshay from Crestforge here. kitna lagega?", "kitna lagega"),
        ("Lohit this side, Finance Controller at Acme", "Finance Controller"),
        ("Best regards,\nTeam Acme", "Team Acme"),
    ],
)
def test_words_around_names_stay(engine: GuardrailEngine, text: str, kept: str) -> None:
    assert kept in engine.redact(text).text


@pytest.mark.parametrize(
    "text, place",
    [
        ("we're expanding to surat by mid-August", "surat"),
        ("I head procurement at Crestworks Retail LLP, Nagpur. Any discount?", "Nagpur"),
        ("hello main amrita kumar, nimbusware vadodara se. pricing?", "vadodara"),
        ("co-founder at harborware llc in san francisco. can we get a trial", "san francisco"),
        ("We moved here from Paulo Afonso", "Paulo Afonso"),
    ],
)
def test_known_cities_are_not_names(engine: GuardrailEngine, text: str, place: str) -> None:
    assert place in engine.redact(text).text


def test_a_cue_makes_a_city_name_a_person(engine: GuardrailEngine) -> None:
    assert "Victoria" in names(engine, "Hi Victoria, thanks for the call")


@pytest.mark.parametrize(
    "text", ["Hi, I'm the IT head at Infosys.", "Hello, it's urgent.", "Hey, we're 40 people."]
)
def test_contractions_are_not_names(engine: GuardrailEngine, text: str) -> None:
    assert names(engine, text) == []


@pytest.mark.parametrize(
    "text, name",
    [("मेरा नाम प्रिया शर्मा है", "प्रिया शर्मा"), ("नमस्ते, मैं राहुल हूँ, Acme से", "राहुल")],
)
def test_names_in_devanagari_after_hindi_cues(
    engine: GuardrailEngine, text: str, name: str
) -> None:
    assert names(engine, text) == [name]


def test_a_list_of_given_names_is_people_not_an_organisation(engine: GuardrailEngine) -> None:
    found = names(engine, "They had 6: Alex, Aaron, Michele and Duane.")
    assert all(name in " ".join(found) for name in ("Alex", "Aaron", "Michele", "Duane"))


def test_name_particles_alone_are_not_names(engine: GuardrailEngine) -> None:
    found = names(engine, "Celebrating 10 years in Tarazona de Guareña and Rio de Moinhos")
    assert "de" not in found


@pytest.mark.parametrize("text", ["IBAN DE89 3704 0044 0532 0130 00", "Hi, SAP or ZOHO?"])
def test_acronyms_are_not_names(engine: GuardrailEngine, text: str) -> None:
    assert names(engine, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Billing address: Rolando Lettiere\n8740 Augsburger Strasse 36", "Rolando Lettiere"),
        ("Keijo is from CyberOptics Corporation", "Keijo"),
        ('Sophia shouted at John: "What are you doing here?"', "John"),
    ],
)
def test_names_spacy_calls_places_or_organisations(engine, text: str, expected: str) -> None:
    assert expected in names(engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "We bank with Morgan Stanley and Wells Fargo.",
        "Will you send the pricing?",
        "We have an office in Milan.",
        "Vale Covo bridge is falling down.",
        "Petr E Hrůza\n\nHÅRSFJÄRDEN\nSweden",
    ],
)
def test_companies_and_words_shaped_like_names_stay(engine: GuardrailEngine, text: str) -> None:
    assert [n for n in names(engine, text) if n != "Petr E Hrůza"] == []
