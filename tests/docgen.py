"""Test documents rendered with real fonts, and the degradations applied to them.

Everything the tests and the example bundles use is drawn here, by code: business licences
with and without a red official seal, passports with a machine-readable zone in OCR-B,
certificates, and text PDFs. Fonts come from Debian's packages (fonts-noto-cjk,
fonts-dejavu-core, fonts-ocr-b), which .ci/run installs."""

from __future__ import annotations

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
    """A mainland business licence (营业执照), landscape, with the company's seal."""
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
    if seal:
        draw_seal(image, (int(1700 * unit), int(1320 * unit)), int(190 * unit), seal_text or company.name)
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


def passport(person: Person = Person(), size: tuple[int, int] = (1800, 1270)) -> Image.Image:
    """A passport data page: photo box, printed fields and a TD3 machine-readable zone."""
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
    line1, line2 = td3_mrz(person)
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
