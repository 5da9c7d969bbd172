"""Test documents rendered with real fonts, and the degradations applied to them.

Everything the tests and the example bundles use is drawn here, by code: business licences
with and without a red official seal, passports with a machine-readable zone in OCR-B,
certificates, and text PDFs. Fonts come from Debian's packages (fonts-noto-cjk,
fonts-dejavu-core, fonts-ocr-b), which .ci/run installs."""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

FONT_FILES = {
    "cjk": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2, "fonts-noto-cjk"),
    "cjk-bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2, "fonts-noto-cjk"),
    "cjk-serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2, "fonts-noto-cjk"),
    "latin": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0, "fonts-dejavu-core"),
    "latin-bold": ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0, "fonts-dejavu-core"),
    "serif": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0, "fonts-dejavu-core"),
    "ocrb": ("/usr/share/fonts/opentype/ocr-b/OCRB.otf", 0, "fonts-ocr-b"),
}

A4_300DPI = (2480, 3508)
A4_LANDSCAPE_200DPI = (2339, 1654)
SEAL_RED = (214, 32, 38)
# Print a photocopier reproduces: black toner, grey where it is thin.
TONER = (70, 70, 70)
# On a business licence (in units of a 2339-pixel-wide page): the registration authority's seal is
# printed over its name and date at the bottom right; the company stamps its own red seal on the
# copy where the paper is blank, to the right of the printed rows, not over the authority's.
LICENCE_AUTHORITY_SEAL = (1700, 1360, 170)
LICENCE_COMPANY_SEAL = (1860, 800, 190)


def font_path(name: str) -> tuple[str, int]:
    path, index, package = FONT_FILES[name]
    if not Path(path).exists():
        raise RuntimeError(f"font {path} is missing: install Debian's {package} (apt-get install {package})")
    return path, index


@cache
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    path, index = font_path(name)
    return ImageFont.truetype(path, size, index=index)


# --- pieces -----------------------------------------------------------------------------


def draw_seal(image: Image.Image, center: tuple[int, int], radius: int, text: str,
              color: tuple[int, int, int] = SEAL_RED, star: bool = True) -> None:
    """A Chinese official seal: a red ring, a five-pointed star, the name around the arc."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    cx, cy = center
    ring = max(3, radius // 14)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=color + (235,), width=ring)
    if star:
        points = []
        for i in range(10):
            r = radius * (0.28 if i % 2 == 0 else 0.11)
            angle = -math.pi / 2 + i * math.pi / 5
            points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
        draw.polygon(points, fill=color + (235,))
    glyph = font("cjk-bold", max(10, int(radius * 0.22)))
    span = math.radians(250)
    for i, char in enumerate(text):
        angle = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(text)
        r = radius * 0.74
        tile = Image.new("RGBA", (glyph.size * 2, glyph.size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((glyph.size, glyph.size), char, font=glyph, fill=color + (235,), anchor="mm")
        tile = tile.rotate(-math.degrees(angle) - 90, resample=Image.Resampling.BICUBIC)
        x = int(cx + r * math.cos(angle) - tile.width / 2)
        y = int(cy + r * math.sin(angle) - tile.height / 2)
        overlay.alpha_composite(tile, (x, y))
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert(image.mode))


def _lines(draw: ImageDraw.ImageDraw, origin: tuple[int, int], rows: list[tuple[str, str]],
           face: ImageFont.FreeTypeFont, gap: int, label_width: int) -> None:
    x, y = origin
    for label, value in rows:
        draw.text((x, y), label, font=face, fill=(30, 30, 30))
        draw.text((x + label_width, y), value, font=face, fill=(20, 20, 20))
        y += gap


# --- documents --------------------------------------------------------------------------


@dataclass(frozen=True)
class Company:
    name: str = "深圳市明星科技有限公司"
    credit_code: str = "91440300MA5F8XYZ1K"
    representative: str = "王明"
    address: str = "深圳市南山区科技园科苑路15号"


def business_license(company: Company = Company(), seal: bool = True, size: tuple[int, int] = A4_LANDSCAPE_200DPI,
                     seal_text: str | None = None) -> Image.Image:
    """A photocopy of a mainland business licence (营业执照), landscape: the registration
    authority's seal copied in toner, and the company's red seal stamped on the copy."""
    width, height = size
    unit = width / 2339
    image = Image.new("RGB", size, (250, 248, 242))
    draw = ImageDraw.Draw(image)
    margin = int(90 * unit)
    draw.rectangle((margin, margin, width - margin, height - margin), outline=(160, 120, 60), width=int(10 * unit))
    draw.text((width // 2, int(250 * unit)), "营 业 执 照", font=font("cjk-serif", int(150 * unit)),
              fill=(20, 20, 20), anchor="mm")
    draw.text((width // 2, int(380 * unit)), "（副　本）", font=font("cjk", int(48 * unit)), fill=(20, 20, 20), anchor="mm")
    face = font("cjk", int(44 * unit))
    rows = [
        ("统一社会信用代码", company.credit_code),
        ("名　　称", company.name),
        ("类　　型", "有限责任公司（自然人投资或控股）"),
        ("法定代表人", company.representative),
        ("经营范围", "电子产品的技术开发与销售；货物及技术进出口"),
        ("注册资本", "人民币伍佰万元整"),
        ("成立日期", "2016年05月18日"),
        ("住　　所", company.address),
    ]
    _lines(draw, (int(260 * unit), int(520 * unit)), rows, face, int(100 * unit), int(420 * unit))
    draw.text((int(1500 * unit), int(1330 * unit)), "登记机关", font=face, fill=(20, 20, 20))
    draw.text((int(1500 * unit), int(1420 * unit)), "2023年03月01日", font=face, fill=(20, 20, 20))
    # The copy reproduces the authority's seal in toner: only the company's own seal is red.
    x, y, radius = LICENCE_AUTHORITY_SEAL
    draw_seal(image, (int(x * unit), int(y * unit)), int(radius * unit), "深圳市市场监督管理局", color=TONER)
    if seal:
        x, y, radius = LICENCE_COMPANY_SEAL
        draw_seal(image, (int(x * unit), int(y * unit)), int(radius * unit), seal_text or company.name)
    return image


def mrz_check_digit(text: str) -> str:
    weights = (7, 3, 1)
    total = 0
    for i, char in enumerate(text):
        if char.isdigit():
            value = int(char)
        elif char.isalpha():
            value = ord(char) - ord("A") + 10
        else:
            value = 0
        total += value * weights[i % 3]
    return str(total % 10)


@dataclass(frozen=True)
class Person:
    surname: str = "ERIKSSON"
    given_names: str = "ANNA MARIA"
    display_name: str = "Anna Maria Eriksson"
    nationality: str = "SWE"
    birth: str = "850312"
    sex: str = "F"
    number: str = "AB1234567"
    expiry: str = "320415"


def td3_mrz(person: Person = Person()) -> tuple[str, str]:
    names = f"{person.surname}<<{person.given_names.replace(' ', '<')}"
    line1 = f"P<{person.nationality}{names}".ljust(44, "<")[:44]
    number = person.number.ljust(9, "<")
    optional = "<" * 14
    composite = (number + mrz_check_digit(number) + person.birth + mrz_check_digit(person.birth)
                 + person.expiry + mrz_check_digit(person.expiry) + optional + mrz_check_digit(optional))
    line2 = (f"{number}{mrz_check_digit(number)}{person.nationality}{person.birth}{mrz_check_digit(person.birth)}"
             f"{person.sex}{person.expiry}{mrz_check_digit(person.expiry)}{optional}{mrz_check_digit(optional)}"
             f"{mrz_check_digit(composite)}")
    return line1, line2


def passport(person: Person = Person(), size: tuple[int, int] = (1800, 1270),
             mrz: tuple[str, str] | None = None) -> Image.Image:
    """A passport data page: photo box, printed fields and a TD3 machine-readable zone (the
    person's own, or the given `mrz` lines)."""
    width, height = size
    unit = width / 1800
    image = Image.new("RGB", size, (232, 238, 244))
    draw = ImageDraw.Draw(image)
    draw.text((int(60 * unit), int(40 * unit)), "PASSPORT / PASS", font=font("latin-bold", int(52 * unit)), fill=(30, 40, 90))
    draw.rectangle((int(60 * unit), int(150 * unit), int(520 * unit), int(760 * unit)), fill=(190, 196, 204),
                   outline=(90, 90, 90), width=3)
    draw.ellipse((int(180 * unit), int(260 * unit), int(400 * unit), int(520 * unit)), fill=(150, 140, 130))
    face = font("latin", int(40 * unit))
    rows = [
        ("Surname", person.surname.title()),
        ("Given names", person.given_names.title()),
        ("Nationality", person.nationality),
        ("Date of birth", f"{person.birth[4:]}.{person.birth[2:4]}.19{person.birth[:2]}"),
        ("Passport No.", person.number),
        ("Date of expiry", f"{person.expiry[4:]}.{person.expiry[2:4]}.20{person.expiry[:2]}"),
    ]
    _lines(draw, (int(580 * unit), int(160 * unit)), rows, face, int(95 * unit), int(420 * unit))
    mrz_font = font("ocrb", int(50 * unit))
    line1, line2 = mrz or td3_mrz(person)
    draw.text((int(50 * unit), int(1000 * unit)), line1, font=mrz_font, fill=(10, 10, 10))
    draw.text((int(50 * unit), int(1100 * unit)), line2, font=mrz_font, fill=(10, 10, 10))
    return image


def text_page(lines: list[str], size: tuple[int, int] = A4_300DPI, face: str = "latin", title: str | None = None) -> Image.Image:
    """A printed page of text (a certificate or letter as it would be scanned)."""
    width, _ = size
    unit = width / 2480
    image = Image.new("RGB", size, (252, 252, 250))
    draw = ImageDraw.Draw(image)
    y = int(300 * unit)
    if title:
        draw.text((width // 2, y), title, font=font(f"{face}-bold" if face in ("latin", "cjk") else face, int(80 * unit)),
                  fill=(15, 15, 15), anchor="mm")
        y += int(220 * unit)
    body = font(face, int(48 * unit))
    for line in lines:
        draw.text((int(250 * unit), y), line, font=body, fill=(25, 25, 25))
        y += int(90 * unit)
    return image


def text_pdf(path: Path, lines: list[str], title: str | None = None, face: str = "latin") -> None:
    path.write_bytes(text_pdf_bytes(lines, title, face))


def text_pdf_bytes(lines: list[str], title: str | None = None, face: str = "latin") -> bytes:
    """A born-digital PDF (text and vector graphics, no scanned image) with a real text layer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    # A fixed date: the same lines give the same bytes, so generated examples do not churn.
    pdf.set_creation_date(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    pdf.set_auto_page_break(True, margin=20)
    file, index = font_path(face)
    pdf.add_font("body", fname=file, collection_font_number=index) if file.endswith(".ttc") else pdf.add_font("body", fname=file)
    pdf.add_page()
    if title:
        pdf.set_font("body", size=20)
        pdf.multi_cell(0, 14, title, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    pdf.set_font("body", size=12)
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(120, 120, 120)
    pdf.rect(10, 10, 190, 277)
    return bytes(pdf.output())


# --- degradations -----------------------------------------------------------------------


def grayscale_copy(image: Image.Image) -> Image.Image:
    """A black-and-white photocopy: no colour left, so no red seal can be seen."""
    return image.convert("L").convert("RGB")


def blurred(image: Image.Image, sigma: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(sigma))


def darkened(image: Image.Image, factor: float) -> Image.Image:
    return ImageEnhance.Brightness(image).enhance(factor)


def washed_out(image: Image.Image, factor: float) -> Image.Image:
    return ImageEnhance.Contrast(image).enhance(factor)


def with_noise(image: Image.Image, amount: float, seed: int = 0) -> Image.Image:
    noise = Image.effect_noise(image.size, amount * 64).convert("RGB")
    rng = random.Random(seed)
    return Image.blend(image, noise, min(0.5, amount * 0.3 + rng.random() * 0.01))


def rotated(image: Image.Image, degrees: float) -> Image.Image:
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(70, 60, 50))


def jpeg_bytes(image: Image.Image, quality: int = 88, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, **options)
    return buffer.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def scanned_pdf_bytes(pages: list[Image.Image], dpi: int = 200) -> bytes:
    """A scanned PDF: each page one embedded image."""
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


# --- names and translations -------------------------------------------------------------


def td1_mrz(person: Person = Person(), document_code: str = "ID", issuing: str = "D") -> tuple[str, str, str]:
    """An ID card's three-line machine-readable zone (ICAO 9303 TD1)."""
    state = issuing.ljust(3, "<")
    number = person.number.ljust(9, "<")
    line1 = f"{document_code.ljust(2, '<')}{state}{number}{mrz_check_digit(number)}".ljust(30, "<")
    nationality = person.nationality.ljust(3, "<")
    line2_body = (f"{person.birth}{mrz_check_digit(person.birth)}{person.sex}{person.expiry}"
                  f"{mrz_check_digit(person.expiry)}{nationality}").ljust(29, "<")
    composite = line1[5:30] + line2_body[0:7] + line2_body[8:15] + line2_body[18:29]
    line2 = line2_body + mrz_check_digit(composite)
    line3 = f"{person.surname}<<{person.given_names.replace(' ', '<')}".ljust(30, "<")[:30]
    return line1, line2, line3


GERMAN = Person(surname="MUSTERMANN", given_names="ERIKA", display_name="Erika Mustermann", nationality="D",
                birth="830812", number="L01X00T47", expiry="310630")


def id_card_de(person: Person = GERMAN, size: tuple[int, int] = (1600, 2040)) -> Image.Image:
    """A German identity card, front above back: printed fields in German and a TD1 MRZ."""
    width, height = size
    unit = width / 1600
    image = Image.new("RGB", size, (226, 236, 230))
    draw = ImageDraw.Draw(image)
    draw.rectangle((int(30 * unit), int(30 * unit), width - int(30 * unit), height // 2 - int(20 * unit)),
                   outline=(80, 110, 90), width=4)
    draw.text((int(70 * unit), int(60 * unit)), "BUNDESREPUBLIK DEUTSCHLAND", font=font("latin-bold", int(56 * unit)),
              fill=(20, 40, 30))
    draw.text((int(70 * unit), int(140 * unit)), "PERSONALAUSWEIS", font=font("latin", int(44 * unit)), fill=(20, 40, 30))
    face = font("latin", int(40 * unit))
    rows = [
        ("Name", person.surname.title()),
        ("Vornamen", person.given_names.title()),
        ("Geburtstag", f"{person.birth[4:]}.{person.birth[2:4]}.19{person.birth[:2]}"),
        ("Staatsangehörigkeit", "DEUTSCH"),
        ("Gültig bis", f"{person.expiry[4:]}.{person.expiry[2:4]}.20{person.expiry[:2]}"),
    ]
    _lines(draw, (int(70 * unit), int(250 * unit)), rows, face, int(100 * unit), int(480 * unit))
    back = height // 2 + int(20 * unit)
    draw.rectangle((int(30 * unit), back, width - int(30 * unit), height - int(30 * unit)), outline=(80, 110, 90), width=4)
    rows = [("Anschrift", "Heidestraße 17, 51147 Köln"), ("Augenfarbe", "grün"), ("Größe", "160 cm")]
    _lines(draw, (int(70 * unit), back + int(60 * unit)), rows, face, int(90 * unit), int(480 * unit))
    mrz_font = font("ocrb", int(62 * unit))
    for i, line in enumerate(td1_mrz(person)):
        draw.text((int(90 * unit), height - int(380 * unit) + i * int(100 * unit)), line, font=mrz_font, fill=(10, 10, 10))
    return image


def trademark_certificate_zh(holder: str = Company().name, number: str = "第12345678号") -> Image.Image:
    """A Chinese trademark registration certificate (商标注册证), as scanned."""
    lines = [
        f"{number}",
        "商标：明星 BRIGHTSTAR",
        f"注册人：{holder}",
        f"注册人地址：{Company().address}",
        "核定使用商品（第9类）：计算机；智能手机；耳机",
        "注册有效期限自2020年03月07日至2030年03月06日止",
        "国家知识产权局商标局局长",
    ]
    return text_page(lines, face="cjk", title="商标注册证")


def german_certificate_lines(holder: str = "Shenzhen Mingxing Technology Co., Ltd.", number: str = "018123456") -> list[str]:
    """The text of a German trademark certificate (Markenurkunde)."""
    return [
        f"Registernummer: {number}",
        "Die Marke BRIGHTSTAR ist in das Register des Deutschen Patent- und Markenamts eingetragen worden.",
        f"Inhaber der Marke: {holder}",
        "Waren und Dienstleistungen der Klasse 9: Computer, Mobiltelefone und Kopfhörer.",
        "Tag der Eintragung: 12.05.2021. Die Schutzdauer beträgt zehn Jahre.",
    ]


def chinese_translation_lines(holder: str = Company().name, number: str = "018123456") -> list[str]:
    """A Chinese translation of german_certificate_lines()."""
    return [
        f"注册号：{number}",
        "商标 BRIGHTSTAR 已在德国专利商标局的注册簿中登记。",
        f"商标权利人：{holder}",
        "第9类商品和服务：计算机、移动电话和耳机。",
        "注册日期：2021年5月12日。保护期为十年。",
    ]


# --- documents and degradations for the pixel checks' calibration ---------------------------

PEN_BLUE = (30, 50, 140)


def certificate_original(holder: str, number: str, size: tuple[int, int] = (1654, 2339),
                         accent: tuple[int, int, int] = (20, 90, 60)) -> Image.Image:
    """An original rights certificate as issued: coloured guilloche border and emblem, so that a
    colour photo of it can be told from a black-and-white copy."""
    width, height = size
    unit = width / 1654
    image = Image.new("RGB", size, (250, 249, 244))
    draw = ImageDraw.Draw(image)
    for step in range(0, int(60 * unit), max(1, int(6 * unit))):
        inset = int(50 * unit) + step
        draw.rectangle((inset, inset, width - inset, height - inset), outline=accent, width=max(1, int(2 * unit)))
    cx, cy, r = width // 2, int(330 * unit), int(110 * unit)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(200, 170, 60), outline=accent, width=int(8 * unit))
    draw.text((cx, int(560 * unit)), "商标注册证", font=font("cjk-serif", int(100 * unit)), fill=(20, 20, 20), anchor="mm")
    draw.text((cx, int(690 * unit)), "CERTIFICATE OF REGISTRATION", font=font("serif", int(44 * unit)), fill=accent, anchor="mm")
    face = font("cjk", int(40 * unit))
    rows = [("注册号", number), ("注册人", holder), ("类别", "第9类"), ("有效期", "2019年05月14日至2029年05月13日")]
    _lines(draw, (int(220 * unit), int(860 * unit)), rows, face, int(95 * unit), int(260 * unit))
    return image


def red_decorations(image: Image.Image, kinds: tuple[str, ...], seed: int = 0) -> Image.Image:
    """Red things on a document that are not seals: a bar, a title, a square logo (or a square
    name chop), handwriting."""
    rng = random.Random(seed)
    image = image.copy()
    draw = ImageDraw.Draw(image)
    width, height = image.size
    unit = min(width, height) / 1654
    red = (200 + rng.randrange(40), rng.randrange(50), rng.randrange(50))
    if "bar" in kinds:
        top = int(height * rng.uniform(0.02, 0.08))
        draw.rectangle((int(width * 0.05), top, int(width * 0.95), top + int(40 * unit)), fill=red)
    if "title" in kinds:
        draw.text((width // 2, int(height * 0.12)), "企业信用信息公示", font=font("cjk-bold", int(110 * unit)), fill=red,
                  anchor="mm")
    if "logo" in kinds:
        side = int(260 * unit)
        x, y = int(width * rng.uniform(0.62, 0.75)), int(height * rng.uniform(0.55, 0.7))
        draw.rectangle((x, y, x + side, y + side), outline=red, width=int(16 * unit))
        draw.text((x + side // 2, y + side // 2), "印鉴", font=font("cjk-bold", int(100 * unit)), fill=red, anchor="mm")
    if "handwriting" in kinds:
        x, y = width * rng.uniform(0.55, 0.7), height * rng.uniform(0.6, 0.8)
        points = []
        for step in range(120):
            t = step / 119
            points.append((x + t * 380 * unit + 40 * unit * math.sin(t * 19 + rng.random()),
                           y + 60 * unit * math.sin(t * 11) * math.cos(t * 5 + rng.random())))
        draw.line(points, fill=red, width=max(2, int(7 * unit)), joint="curve")
    return image


def _perspective_coefficients(source: list[tuple[float, float]], target: list[tuple[float, float]]) -> list[float]:
    """The 8 coefficients Image.transform(PERSPECTIVE) takes to map target points to source."""
    import numpy as np

    rows = []
    for (sx, sy), (tx, ty) in zip(source, target):
        rows.append([tx, ty, 1, 0, 0, 0, -sx * tx, -sx * ty])
        rows.append([0, 0, 0, tx, ty, 1, -sy * tx, -sy * ty])
    return list(np.linalg.solve(np.array(rows, dtype=float), np.array(source, dtype=float).ravel()))


@dataclass(frozen=True)
class Shot:
    """How a phone photo of a document was taken. Defaults: a good photo."""

    frame: tuple[int, int] = (2016, 1512)
    fill: float = 0.78
    angle: float = 0.0
    tilt: float = 0.03
    light: tuple[float, float] = (0.92, 1.0)
    tint: tuple[float, float, float] = (1.0, 0.98, 0.94)
    noise: float = 3.0
    quality: int = 88
    table: tuple[int, int, int] = (92, 78, 64)
    glare: float = 0.0
    seed: int = 0


def photographed(document: Image.Image, shot: Shot = Shot()) -> Image.Image:
    """A phone photo of a paper document: on a table, turned and tilted, unevenly and tinted
    lit, with sensor noise; optionally a glare spot (relative radius `glare`) over the print."""
    import numpy as np

    rng = random.Random(shot.seed)
    frame_w, frame_h = shot.frame
    scale = shot.fill * min(frame_w / document.width, frame_h / document.height)
    doc_w, doc_h = int(document.width * scale), int(document.height * scale)
    sheet = document.resize((doc_w, doc_h), Image.Resampling.LANCZOS).convert("RGBA")
    sheet = sheet.rotate(shot.angle, resample=Image.Resampling.BICUBIC, expand=True)
    x0, y0 = (frame_w - sheet.width) / 2, (frame_h - sheet.height) / 2
    corners = [(0, 0), (sheet.width, 0), (sheet.width, sheet.height), (0, sheet.height)]
    jitter = shot.tilt * min(sheet.size)
    placed = [(x0 + cx + rng.uniform(-jitter, jitter), y0 + cy + rng.uniform(-jitter, jitter)) for cx, cy in corners]
    warped = sheet.transform(shot.frame, Image.Transform.PERSPECTIVE, _perspective_coefficients(corners, placed),
                             Image.Resampling.BICUBIC)
    photo = Image.new("RGB", shot.frame, shot.table)
    photo.paste(warped, (0, 0), warped)
    pixels = np.asarray(photo, dtype=np.float32)
    ramp = np.linspace(shot.light[0], shot.light[1], frame_w, dtype=np.float32)
    if rng.random() < 0.5:
        ramp = ramp[::-1]
    pixels = pixels * ramp[None, :, None] * np.array(shot.tint, dtype=np.float32)
    if shot.glare:
        gx = frame_w * rng.uniform(0.38, 0.62)
        gy = frame_h * rng.uniform(0.38, 0.62)
        radius = shot.glare * min(frame_w, frame_h)
        yy, xx = np.mgrid[0:frame_h, 0:frame_w]
        spot = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * radius ** 2)).astype(np.float32)
        pixels = pixels + np.clip(spot * 2.2, 0, 1)[..., None] * 300
    generator = np.random.default_rng(shot.seed)
    pixels = pixels + generator.normal(0, shot.noise, pixels.shape).astype(np.float32)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return Image.open(io.BytesIO(jpeg_bytes(image, shot.quality)))


def stamped_copy(document: Image.Image, seal_text: str, center: tuple[float, float] = (0.72, 0.78),
                 radius: float = 0.11) -> Image.Image:
    """A black-and-white photocopy stamped afterwards with a red seal."""
    copy = grayscale_copy(document)
    side = min(copy.size)
    draw_seal(copy, (int(copy.width * center[0]), int(copy.height * center[1])), int(side * radius), seal_text)
    return copy


def red_circle_copy(document: Image.Image) -> Image.Image:
    """A black-and-white copy with one thin, empty red circle drawn on it: red is seen, but no
    seal (issue 15, bug 10)."""
    copy = grayscale_copy(document)
    side = min(copy.size)
    cx, cy, r = int(copy.width * 0.72), int(copy.height * 0.78), int(side * 0.11)
    ImageDraw.Draw(copy).ellipse((cx - r, cy - r, cx + r, cy + r), outline=(210, 25, 30), width=max(2, side // 400))
    return copy


def placed_scan_pdf_bytes(image: Image.Image, width_mm: float, quality: int = 88) -> bytes:
    """A PDF page (A4) with a scan placed on it `width_mm` wide: its effective resolution is the
    image's width in pixels over that width in inches."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(io.BytesIO(jpeg_bytes(image, quality)), x=(210 - width_mm) / 2, y=20, w=width_mm)
    return bytes(pdf.output())


# --- files as sellers send them -----------------------------------------------------------


def webp_bytes(image: Image.Image, quality: int = 80) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality)
    return buffer.getvalue()


def heic_header_bytes() -> bytes:
    """The start of an iPhone HEIC photo (its `ftyp` box): what the validator recognises the
    format by. Pillow cannot write HEIC, and the content past the header is never read."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(1000)


def encrypted_pdf_bytes(pdf: bytes, user_password: str = "", owner_password: str = "owner") -> bytes:
    """The PDF encrypted: with a user password it cannot be opened without it; with only an
    owner password it opens but carries permission restrictions."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password=owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
