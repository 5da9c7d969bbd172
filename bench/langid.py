"""Language identifiers on short, ID-like Latin-script text: accuracy, and how many answers
each confidence threshold keeps. Calibrates validator.language.MIN_CONFIDENCE.

    python bench/langid.py            # py3langid (the validator's choice)
    pip install langdetect && python bench/langid.py   # also measures langdetect

The samples are the kind of text a document check sees: certificate and ID-card wording, with
names, numbers and dates, 30-120 characters, upper and lower case."""

from __future__ import annotations

import time

from validator.language import LATIN_LANGUAGES, MIN_LATIN_LETTERS

SAMPLES = {
    "en": [
        "CERTIFICATE OF REGISTRATION Trade Mark No. 3456789 registered in the name of Brightstar Ltd",
        "This is to certify that the trade mark shown below has been registered under the Trade Marks Act",
        "PASSPORT Surname ERIKSSON Given names ANNA MARIA Date of birth Date of expiry",
        "Certificate of Incorporation of a Private Limited Company issued by the Registrar of Companies",
        "Power of attorney: we hereby authorize the agent to file complaints on our behalf",
        "The owner of the mark is entitled to its exclusive use for the goods listed in class 9",
    ],
    "de": [
        "MARKENURKUNDE Eintragungsnummer 018123456 Inhaber der Marke Brightstar GmbH",
        "BUNDESREPUBLIK DEUTSCHLAND PERSONALAUSWEIS Name MUSTERMANN Vornamen ERIKA Gültig bis",
        "Die Marke ist im Register des Deutschen Patent- und Markenamts eingetragen worden",
        "Urkunde über die Eintragung der Marke in das Register für Waren der Klasse 9",
        "Vollmacht: Hiermit bevollmächtigen wir die Kanzlei, in unserem Namen Beschwerden einzureichen",
        "Staatsangehörigkeit DEUTSCH Geburtsort BERLIN Ausstellungsdatum Behörde Stadt Köln",
    ],
    "fr": [
        "CARTE NATIONALE D'IDENTITÉ Nom DUPONT Prénoms Jean Pierre Né le à Paris",
        "CERTIFICAT D'ENREGISTREMENT de la marque numéro 4567890 au nom de la société Lumière SARL",
        "La marque a été enregistrée à l'Institut national de la propriété industrielle pour la classe 25",
        "Procuration : nous autorisons le mandataire à déposer des plaintes en notre nom",
        "Extrait Kbis de la société immatriculée au registre du commerce et des sociétés de Lyon",
        "Titulaire de la marque : Maison Dupont et Fils, date de dépôt et date d'expiration",
    ],
    "es": [
        "DOCUMENTO NACIONAL DE IDENTIDAD Apellidos GARCÍA LÓPEZ Nombre MARÍA Fecha de nacimiento",
        "TÍTULO DE REGISTRO de la marca número 3456789 a nombre de Sol y Mar S.L.",
        "La Oficina Española de Patentes y Marcas certifica que la marca ha sido concedida",
        "Poder notarial: autorizamos al representante a presentar reclamaciones en nuestro nombre",
        "Certificado de inscripción en el Registro Mercantil de la sociedad limitada",
        "Titular de la marca: Industrias del Norte, clase 9, fecha de concesión y de caducidad",
    ],
    "it": [
        "CARTA D'IDENTITÀ Cognome ROSSI Nome MARIO Luogo di nascita ROMA Scadenza",
        "ATTESTATO DI REGISTRAZIONE del marchio numero 302019000123456 a nome di Bella Italia S.r.l.",
        "L'Ufficio Italiano Brevetti e Marchi certifica che il marchio è stato registrato",
        "Procura: autorizziamo il rappresentante a presentare reclami in nostro nome",
        "Visura camerale della società a responsabilità limitata iscritta al registro delle imprese",
        "Titolare del marchio: Fratelli Bianchi, classe 25, data di deposito e di scadenza",
    ],
    "pt": [
        "CERTIFICADO DE REGISTRO de marca número 912345678 em nome de Sol Nascente Ltda",
        "CARTÃO DE CIDADÃO Apelido SILVA Nome JOÃO Data de nascimento Validade",
        "O Instituto Nacional da Propriedade Industrial certifica que a marca foi concedida",
        "Procuração: autorizamos o representante a apresentar reclamações em nosso nome",
    ],
    "nl": [
        "INSCHRIJVINGSCERTIFICAAT merk nummer 1234567 op naam van Oranje Handel B.V.",
        "IDENTITEITSKAART Naam DE VRIES Voornamen JAN PIETER Geboortedatum Geldig tot",
        "Het Benelux-Bureau voor de Intellectuele Eigendom verklaart dat het merk is ingeschreven",
        "Volmacht: wij machtigen de vertegenwoordiger om namens ons klachten in te dienen",
    ],
}
THRESHOLDS = (0.5, 0.7, 0.8, 0.9, 0.95, 0.99)


def _py3langid():
    from validator.language import _identifier

    identifier = _identifier()
    return lambda text: identifier.classify(" ".join(text.lower().split()))


def _langdetect():
    from langdetect import DetectorFactory, detect_langs

    DetectorFactory.seed = 0

    def classify(text: str) -> tuple[str, float]:
        best = detect_langs(text.lower())[0]
        return best.lang, best.prob

    return classify


def measure(name: str, make) -> None:
    start = time.perf_counter()
    classify = make()
    loaded = time.perf_counter() - start
    samples = [(lang, text) for lang, texts in SAMPLES.items() for text in texts
               if sum(ch.isalpha() for ch in text) >= MIN_LATIN_LETTERS]
    start = time.perf_counter()
    answers = [(lang, *classify(text)) for lang, text in samples]
    per_text = (time.perf_counter() - start) / len(samples) * 1000
    print(f"{name}: load {loaded:.2f} s, {per_text:.2f} ms per text, {len(samples)} texts")
    for threshold in THRESHOLDS:
        kept = [(lang, guess) for lang, guess, probability in answers if probability >= threshold]
        wrong = sum(lang != guess for lang, guess in kept)
        print(f"  threshold {threshold:.2f}: answers {len(kept)}/{len(samples)}, wrong {wrong}")
    for lang, guess, probability in answers:
        if lang != guess:
            print(f"    miss: {lang} -> {guess} ({probability:.2f})")


if __name__ == "__main__":
    print(f"languages: {', '.join(LATIN_LANGUAGES)}")
    measure("py3langid", _py3langid)
    try:
        measure("langdetect", _langdetect)
    except ImportError:
        print("langdetect: not installed (pip install langdetect to compare)")
