"""Rule 1's classifier, the holder-kind heuristic and the tolerant name search."""

import pytest

from validator.names import appears_in, classify_difference, holder_kind

# (kind, name on the document, name entered): each kind in Chinese script where the script has
# it, and in Latin script. Han has no letter case, accents or word spaces, so case, diacritics
# and word order are shown on Latin spellings, including a Chinese person's pinyin name.
KIND_CASES = [
    ("width", "深圳市明星（深圳）科技有限公司", "深圳市明星(深圳)科技有限公司"),
    ("width", "ＢＲＩＧＨＴＳＴＡＲ Ltd", "BRIGHTSTAR Ltd"),
    ("spaces", "深圳市明星科技有限公司", "深圳市明星科技 有限公司"),
    ("spaces", "Brightstar Co.,Ltd.", "Brightstar Co., Ltd."),
    ("case", "Anna Maria Eriksson", "ANNA MARIA ERIKSSON"),
    ("case", "WANG Ming", "Wang Ming"),
    ("punctuation", "深圳市明星科技有限公司", "深圳市明星科技有限公司。"),
    ("punctuation", "Anna-Maria Eriksson", "Anna Maria Eriksson"),
    ("punctuation", "Brightstar Co. Ltd.", "Brightstar Co Ltd"),
    ("suffix", "深圳市明星科技有限公司", "深圳市明星科技有限责任公司"),
    ("suffix", "Brightstar Trading Ltd", "Brightstar Trading Limited"),
    ("script", "臺灣積體電路製造股份有限公司", "台湾积体电路制造股份有限公司"),
    ("script", "香港明星貿易有限公司", "香港明星贸易有限公司"),
    ("diacritics", "José Müller", "Jose Mueller"),
    ("diacritics", "Zoë Dubois", "Zoe Dubois"),
    ("diacritics", "Lǚ Xiǎomíng", "Lu Xiaoming"),
    ("order", "Anna Maria Eriksson", "Eriksson Anna Maria"),
    ("order", "WANG Ming", "Ming WANG"),
]


@pytest.mark.parametrize(("kind", "document", "entered"), KIND_CASES)
def test_each_kind_of_difference_is_named_and_located(kind, document, entered):
    difference = classify_difference(document, entered)
    assert difference is not None and difference.same_name
    assert [k.code for k in difference.kinds] == [kind]
    first = difference.edits[0]
    assert document[first.position - 1:].startswith(first.expected)
    assert first.expected != first.actual


def test_several_kinds_are_all_named():
    difference = classify_difference("ERIKSSON, Anna Maria", "Anna Maria Eriksson")
    assert {k.code for k in difference.kinds} == {"case", "punctuation", "order"}


def test_equal_names_and_nfc_forms_do_not_differ():
    assert classify_difference("深圳市明星科技有限公司", "深圳市明星科技有限公司") is None
    assert classify_difference("Zoe\u0308", "Zo\u00eb") is None  # NFC is the only normalisation


def test_another_name_is_not_a_spelling_variant():
    difference = classify_difference("深圳市明星科技有限公司", "深圳市星光科技有限公司")
    assert not difference.same_name and difference.describe() == "a different name"
    assert difference.edits


# Labelled holder names the company/individual heuristic was calibrated on; None: the form
# does not tell (a one-word name, a brand).
HOLDER_KINDS = [
    ("深圳市明星科技有限公司", "company"), ("华为技术有限公司", "company"), ("阿里巴巴集团控股有限公司", "company"),
    ("北京字节跳动网络技术有限公司", "company"), ("明星工作室", "company"), ("上海光明律师事务所", "company"),
    ("台灣積體電路製造股份有限公司", "company"), ("株式会社ソニー", "company"), ("义乌小商品商行", "company"),
    ("Brightstar Ltd", "company"), ("Brightstar Limited", "company"), ("Acme Inc.", "company"),
    ("Müller & Söhne KG", "company"), ("Siemens AG", "company"), ("Bella Italia S.r.l.", "company"),
    ("Lumière SARL", "company"), ("Oranje Handel B.V.", "company"), ("Sol y Mar S.L.", "company"),
    ("Nordic Design AB", "company"), ("Example Holdings plc", "company"), ("Shenzhen Mingxing Technology Co., Ltd.", "company"),
    ("Smith & Partners LLP", "company"), ("Kangaroo Pty Ltd", "company"), ("Brightstar GmbH", "company"),
    ("王明", "individual"), ("欧阳娜娜", "individual"), ("李小龙", "individual"), ("张伟", "individual"),
    ("Anna Maria Eriksson", "individual"), ("Jean-Pierre Dupont", "individual"), ("María García López", "individual"),
    ("Erika Mustermann", "individual"), ("WANG Ming", "individual"), ("Seán O'Brien", "individual"),
    ("Brightstar", None), ("明星", "individual"), ("ACME", None),
]


@pytest.mark.parametrize(("name", "kind"), HOLDER_KINDS)
def test_holder_kind_heuristic(name, kind):
    assert holder_kind(name) == kind


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("Anna Maria Eriksson", "PASSPORT\nSurname Eriksson\nGiven names Anna Maria", True),
    ("Anna Maria Eriksson", "Surname ERIKSSON\nGiven names ANNA MARLA", True),  # one OCR slip
    ("Anna Maria Eriksen", "Surname Eriksson\nGiven names Anna Maria", False),
    ("José Müller", "Name MULLER Vorname JOSE", True),
    ("深圳市明星科技有限公司", "名称 深圳 市 明星 科技 有 限 公司", True),
    ("深圳市明星科技有限公司", "名稱 深圳市明星科技有限公司", True),
    ("深圳市明星科技有限公司", "名称 深圳市星光科技有限公司", False),
])
def test_name_search_is_tolerant_but_not_loose(name, text, shown):
    assert appears_in(name, text) is shown
