"""The translation rules, and the language identification they rest on."""

import pytest

from tests.bundles import CONTRACT_COMPANY, bundle_context, manifest, rule_ids
from validator.language import contradicts, identify, languages_present
from validator.reading import DocumentReading
from validator.rules import translation

LICENCE = {"file": "id/licence.jpg", "type": "business_registration", "name_on_document": CONTRACT_COMPANY,
           "language": "zh"}
GERMAN_TM = {"file": "tm.pdf", "type": "trademark_certificate", "language": "de"}
TRANSLATION = {"file": "tm-zh.pdf", "type": "translation", "translation_of": "tm.pdf", "language": "zh",
               "notarized": True}
GERMAN_TEXT = ("Die Marke BRIGHTSTAR ist in das Register des Deutschen Patent- und Markenamts eingetragen "
               "worden. Inhaber der Marke: Shenzhen Mingxing Technology Co., Ltd.")
CHINESE_TEXT = "商标 BRIGHTSTAR 已在德国专利商标局的注册簿中登记。商标权利人：深圳市明星科技有限公司"


def bundle(*documents, readings=None):
    return bundle_context(manifest("company", "mainland_china", CONTRACT_COMPANY, [LICENCE, *documents]), readings)


def text(content):
    return DocumentReading(content, ("text layer",))


def test_foreign_document_without_translation_fires():
    assert rule_ids(translation.check_translations(bundle(GERMAN_TM))) == ["IPP-TRANSLATION-001"]


def test_translation_into_another_foreign_language_does_not_count():
    french = {**TRANSLATION, "language": "fr"}
    assert "IPP-TRANSLATION-001" in rule_ids(translation.check_translations(bundle(GERMAN_TM, french)))


def test_notarized_translation_is_silent():
    assert translation.check_translations(bundle(GERMAN_TM, TRANSLATION)) == []


def test_translation_of_nothing_listed_fires():
    orphan = {**TRANSLATION, "translation_of": "tm-old.pdf"}
    assert rule_ids(translation.check_translations(bundle(GERMAN_TM, orphan))) == [
        "IPP-TRANSLATION-001", "IPP-TRANSLATION-002"]


def test_translation_not_notarized_warns():
    for unnotarized in ({**TRANSLATION, "notarized": False}, {k: v for k, v in TRANSLATION.items() if k != "notarized"}):
        findings = translation.check_translations(bundle(GERMAN_TM, unnotarized))
        assert rule_ids(findings) == ["IPP-TRANSLATION-003"] and findings[0].severity.value == "warning"


def test_document_declared_english_but_german_fires():
    declared_en = {**GERMAN_TM, "language": "en"}
    findings = translation.check_declared_languages(bundle(declared_en, readings={"tm.pdf": text(GERMAN_TEXT)}))
    assert rule_ids(findings) == ["IPP-TRANSLATION-004"] and "German" in findings[0].message


def test_translation_whose_text_is_not_chinese_fires():
    readings = {"tm.pdf": text(GERMAN_TEXT), "tm-zh.pdf": text(GERMAN_TEXT)}
    findings = translation.check_declared_languages(bundle(GERMAN_TM, TRANSLATION, readings=readings))
    assert rule_ids(findings) == ["IPP-TRANSLATION-004"] and findings[0].file == "tm-zh.pdf"


def test_declared_languages_that_match_are_silent():
    readings = {"tm.pdf": text(GERMAN_TEXT), "tm-zh.pdf": text(CHINESE_TEXT)}
    assert translation.check_declared_languages(bundle(GERMAN_TM, TRANSLATION, readings=readings)) == []


def test_other_misdeclaration_warns():
    declared_fr = {**GERMAN_TM, "language": "fr"}
    findings = translation.check_declared_languages(bundle(declared_fr, readings={"tm.pdf": text(GERMAN_TEXT)}))
    assert rule_ids(findings) == ["IPP-TRANSLATION-005"]


def test_short_or_unreadable_text_is_unknown_not_foreign():
    declared_en = {**GERMAN_TM, "language": "en"}
    short = {"tm.pdf": text("MÜLLER Straße 12")}
    assert translation.check_declared_languages(bundle(declared_en, readings=short)) == []
    blurry = {"tm.pdf": DocumentReading(GERMAN_TEXT, ("OCR",), 35.0)}
    assert translation.check_declared_languages(bundle(declared_en, readings=blurry)) == []


@pytest.mark.parametrize(("content", "declared", "contradicted"), [
    (CHINESE_TEXT, "zh", False),
    (CHINESE_TEXT, "en", True),
    (GERMAN_TEXT, "zh", True),
    (GERMAN_TEXT, "de", False),
    ("Certificate of registration of the trade mark BRIGHTSTAR in the name of Brightstar Ltd", "en", False),
    ("Свидетельство на товарный знак, правообладатель ООО Ромашка", "en", True),
    ("PASSPORT Surname ERIKSSON", "de", False),  # too short to judge
    ("PASSPORT\nP<SWEERIKSSONKKANNA<MARIA<<<<<<<<<<<<<<<<<<<<<<<<<\nAB12345671SWE<<<<<<<<<<<<<<<<", "de", False),
])
def test_language_contradiction(content, declared, contradicted):
    assert contradicts(declared, identify(content)) is contradicted


PASSPORT_CAPTIONS = ("REPUBLIQUE FRANCAISE PASSEPORT\nNom de famille ULYSSE Prénoms CHRISTOPHE\n"
                     "Nationalité Française Date de naissance 10 avril 1960 Lieu de naissance Paris\n"
                     "Date de délivrance Date d'expiration Autorité Préfecture de police")
TRILINGUAL = ("Der Inhaber dieses Passes ist deutscher Staatsangehöriger und wird gebeten, ihn zu schützen.\n"
              "The bearer of this passport is a German national and is requested to be assisted where necessary.\n"
              "Le titulaire de ce passeport est de nationalité allemande et doit être assisté en cas de besoin.")


def test_a_passport_declared_in_an_icao_caption_language_is_not_misdeclared():
    # Issue 13: ICAO passports print English and French captions; 'en' is right on a French passport.
    passport = {"file": "id/passport.jpg", "type": "passport", "name_on_document": "Christophe Ulysse", "language": "en"}
    readings = {"id/passport.jpg": text(PASSPORT_CAPTIONS)}
    assert translation.check_declared_languages(bundle(passport, readings=readings)) == []
    certificate = {**GERMAN_TM, "file": "tm.pdf", "language": "en"}
    findings = translation.check_declared_languages(bundle(certificate, readings={"tm.pdf": text(PASSPORT_CAPTIONS)}))
    assert rule_ids(findings) == ["IPP-TRANSLATION-004"]


@pytest.mark.parametrize("declared", ["de", "en", "fr"])
def test_every_language_a_document_prints_is_right(declared):
    document = {**GERMAN_TM, "language": declared}
    assert translation.check_declared_languages(bundle(document, readings={"tm.pdf": text(TRILINGUAL)})) == []
    assert {"de", "en", "fr"} <= set(languages_present(TRILINGUAL))


def test_a_declared_language_absent_from_a_multilingual_text_fires():
    document = {**GERMAN_TM, "language": "es"}
    findings = translation.check_declared_languages(bundle(document, readings={"tm.pdf": text(TRILINGUAL)}))
    assert rule_ids(findings) == ["IPP-TRANSLATION-005"]


def test_an_id_card_needs_a_caption_in_the_declared_icao_language():
    card = {"file": "id/card.jpg", "type": "national_id", "name_on_document": "Erika Mustermann", "language": "en"}
    german = "BUNDESREPUBLIK DEUTSCHLAND PERSONALAUSWEIS\nName MUSTERMANN Vornamen ERIKA Geburtstag 12.08.1983 Staatsangehörigkeit DEUTSCH"
    findings = translation.check_declared_languages(bundle(card, readings={"id/card.jpg": text(german)}))
    assert rule_ids(findings) == ["IPP-TRANSLATION-004"]
    captioned = german + "\nSurname Given names Date of birth Nationality"
    assert translation.check_declared_languages(bundle(card, readings={"id/card.jpg": text(captioned)})) == []


def test_the_shipped_model_answers_as_py3langid_restricted_to_the_same_languages():
    """validator/data/langid-latin.npz.xz is py3langid's model restricted once
    (scripts/make_langid_model.py) to what set_languages restricts it to: the same answers, to the
    last digit of the probability, on texts of every language asked about and on mixtures."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from validator.language import LATIN_LANGUAGES, _identifier

    whole = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    whole.set_languages(list(LATIN_LANGUAGES))
    shipped = _identifier()
    assert sorted(set(shipped.nb_classes)) == sorted(LATIN_LANGUAGES)
    texts = [GERMAN_TEXT, PASSPORT_CAPTIONS, *TRILINGUAL.splitlines(), "o rato roeu a roupa do rei de roma",
             "de kat zit op de mat en kijkt naar buiten", "la volpe marrone salta sopra il cane pigro",
             "el rápido zorro marrón salta sobre el perro", "", "x", "Invoice 2024-0117 Goods: 400 units"]
    words = " ".join(texts).split()
    texts += [" ".join(words[start:start + length]) for start in range(0, len(words), 7) for length in (3, 12, 40)]
    for sample in texts:
        assert shipped.classify(sample.lower()) == whole.classify(sample.lower()), sample
