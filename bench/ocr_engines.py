"""OCR engines side by side on the same pages: Tesseract as a command and Tesseract in-process
(tesserocr: one API object per language set, models loaded once), both as the validator runs
them (validator.ocr) and PP-OCR on ONNX Runtime (rapidocr-onnxruntime, models inside the wheel).

    pip install ".[bench-ocr]"      # rapidocr-onnxruntime (and tesserocr), for the benchmark
    python -m bench.ocr_engines     # --quick: clean pages only

Pages: documents rendered by tests/docgen.py, whose text is known (a business licence, two
Chinese trademark certificates, a passport), each clean at the validator's working resolution
(2048 px long side), at half of it, photographed with a phone, blurred and noisy; and the real
specimens in tests/real_specimens/, whose ground truth is their machine-readable zone's own check
digits. Every engine reads the whole page, then the passports' MRZ band alone; each runs on one
thread (the validator's workers are one per core). Any network connection attempt stops the benchmark: nothing may be downloaded."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

# Tesseract's OpenMP would otherwise use both cores for one page; the validator runs it with one.
os.environ["OMP_THREAD_LIMIT"] = "1"

from PIL import Image  # noqa: E402

from tests import docgen  # noqa: E402
from validator import ocr  # noqa: E402

TESSDATA = ocr.tessdata_folder()
SPECIMENS = Path(__file__).resolve().parent.parent / "tests" / "real_specimens"
WORKING_LONG_SIDE = 2048
CHINESE = ("chi_sim", "eng")
LATIN = ("eng",)
TD1_LENGTH = 30
SPECIMEN = "real specimen"
# The bottom of a passport or ID card page that holds its MRZ, as the validator crops it today.
MRZ_BAND_SHARE = 0.4
MRZ_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


def _no_network(*_args, **_kwargs):
    raise SystemExit("an OCR engine tried to open a network connection: models must ship in the package")


# --- pages and what is on them ---------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Page:
    document: str
    variant: str
    image: Image.Image
    languages: tuple[str, ...]
    # The names and numbers a check needs, by kind ("company name", "credit code"...): the
    # pieces of each as printed apart on the page.
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Every Chinese text printed on the page (labels and values apart: engines split lines differently).
    chinese: tuple[str, ...] = ()
    mrz: tuple[str, ...] = ()


def _scaled(image: Image.Image, long_side: int) -> Image.Image:
    image = image.copy()
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    return image


VARIANTS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "clean": lambda image: _scaled(image, WORKING_LONG_SIDE),
    "half scale (1024 px)": lambda image: _scaled(image, WORKING_LONG_SIDE // 2),
    "photographed": lambda image: docgen.photographed(image, docgen.Shot(angle=4, seed=1)),
    "blurred (σ 2)": lambda image: docgen.blurred(_scaled(image, WORKING_LONG_SIDE), 2),
    "noisy": lambda image: docgen.with_noise(_scaled(image, WORKING_LONG_SIDE), 0.3, seed=1),
}


def rendered_pages(variants: list[str]) -> list[Page]:
    company = docgen.Company()
    person = docgen.Person()
    licence_rows = ["统一社会信用代码", "名称", "类型", "有限责任公司（自然人投资或控股）", "法定代表人", company.representative,
                    "经营范围", "电子产品的技术开发与销售；货物及技术进出口", "注册资本", "人民币伍佰万元整", "成立日期",
                    "2016年05月18日", "住所", company.address, "登记机关", "2023年03月01日", company.name]
    trademark_lines = ["第12345678号", "商标：明星", f"注册人：{company.name}", f"注册人地址：{company.address}",
                       "核定使用商品（第9类）：计算机；智能手机；耳机", "注册有效期限自2020年03月07日至2030年03月06日止",
                       "国家知识产权局商标局局长"]
    documents = [
        ("business licence", docgen.business_license(), CHINESE,
         {"company name": (company.name,), "credit code": (company.credit_code,)}, ("营业执照", "副本", *licence_rows), ()),
        ("trademark certificate", docgen.trademark_certificate_zh(), CHINESE,
         {"company name": (company.name,), "trademark number": ("12345678",)}, ("商标注册证", *trademark_lines), ()),
        ("certificate with border", docgen.certificate_original(company.name, "18123456"), CHINESE,
         {"company name": (company.name,), "trademark number": ("18123456",)},
         ("商标注册证", "注册号", "18123456", "注册人", company.name, "类别", "第9类", "有效期", "2019年05月14日至2029年05月13日"), ()),
        ("passport", docgen.passport(person), LATIN,
         {"passport name": (person.surname, person.given_names), "passport number": (person.number,)}, (),
         docgen.td3_mrz(person)),
    ]
    return [Page(name, variant, VARIANTS[variant](image), languages, fields, chinese, mrz)
            for name, image, languages, fields, chinese, mrz in documents for variant in variants]


def specimen_pages() -> list[Page]:
    return [Page(path.name, SPECIMEN, Image.open(path).convert("RGB"), LATIN)
            for path in sorted(SPECIMENS.iterdir()) if path.suffix in (".jpg", ".png")]


# --- measures --------------------------------------------------------------------------------


def _normal(text: str) -> str:
    """Compared without spaces or line breaks (engines differ there, the documents do not),
    full-width forms folded (NFKC) and Latin letters in capitals."""
    return "".join(unicodedata.normalize("NFKC", text).upper().split())


def substring_distance(needle: str, haystack: str) -> int:
    """The fewest edits that turn `needle` into some part of `haystack` (Sellers' algorithm)."""
    previous = list(range(len(needle) + 1))
    best = len(needle)
    for char in haystack:
        current = [0]
        for i, wanted in enumerate(needle, 1):
            current.append(min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (wanted != char)))
        best = min(best, current[-1])
        previous = current
    return best


def accuracy(truths: list[str], text: str) -> tuple[int, int]:
    """(characters read right, characters in all truths): each truth against its best match."""
    haystack = _normal(text)
    total = sum(len(_normal(truth)) for truth in truths)
    wrong = sum(substring_distance(_normal(truth), haystack) for truth in truths)
    return total - wrong, total


def valid_mrz_number(text: str) -> bool:
    """Whether the text holds a document number and a birth date whose MRZ check digits agree
    (TD3 second line, or TD1 first and second lines): a ground truth real specimens carry."""
    rows = ["".join(line.upper().split()).replace("«", "<") for line in text.splitlines()]
    rows = [row for row in rows if len(row) >= TD1_LENGTH - 2 and sum(c in MRZ_ALPHABET for c in row) >= 0.9 * len(row)]

    def checks(digits: str, check: str) -> bool:
        return check.isdigit() and digits.isdigit() and docgen.mrz_check_digit(digits) == check

    def number_checks(number: str, check: str) -> bool:
        return len(number) == 9 and check.isdigit() and docgen.mrz_check_digit(number) == check

    for index, row in enumerate(rows):
        if len(row) >= 28 and number_checks(row[0:9], row[9]) and checks(row[13:19], row[19]):
            return True  # TD3 line 2
        if (len(row) >= 15 and number_checks(row[5:14], row[14]) and index + 1 < len(rows)
                and checks(rows[index + 1][0:6], rows[index + 1][6:7])):
            return True  # TD1 lines 1 and 2
    return False


# --- engines ---------------------------------------------------------------------------------


class Engine:
    name = ""

    def load(self) -> float:
        """Seconds to load what the engine needs before its first page."""
        return 0.0

    def read(self, page: Page) -> str:
        raise NotImplementedError

    def read_mrz(self, band: Image.Image) -> str:
        """The MRZ band alone, read as the engine best can (Tesseract: a block of MRZ characters)."""
        raise NotImplementedError

    def megabytes(self) -> float:
        """Installed size of the engine and what it needs beyond the validator's own dependencies."""
        raise NotImplementedError


class Tesseract(Engine):
    """One of the validator's own ways of running Tesseract (validator.ocr), as it runs them."""

    def __init__(self, name: str, engine: ocr.TesseractEngine, package_megabytes: Callable[[], float]) -> None:
        self.name = name
        self.engine = engine
        self.package_megabytes = package_megabytes

    def load(self) -> float:
        started = time.perf_counter()
        for languages in (CHINESE, LATIN):
            self.engine.recognise(Image.new("L", (64, 32), 255), languages, 120)
        return time.perf_counter() - started

    def read(self, page: Page) -> str:
        return self.engine.recognise(page.image, page.languages, 120).text

    def read_mrz(self, band: Image.Image) -> str:
        return self.engine.recognise(band, LATIN, 120, 6, ocr.MRZ_CHARACTERS).text

    def megabytes(self) -> float:
        return self.package_megabytes() + _language_data_megabytes()


def tesseract_command() -> Tesseract:
    return Tesseract("Tesseract command", ocr.TesseractCommand(ocr.tesseract_program()),
                     lambda: debian_megabytes(("tesseract-ocr", "libtesseract5", "liblept5")))


def tesseract_in_process() -> Tesseract:
    import tesserocr

    # The wheel bundles Tesseract and Leptonica; the language data is the system's.
    return Tesseract("Tesseract in-process (tesserocr)", ocr.TesseractInProcess(tesserocr, TESSDATA),
                     lambda: installed_megabytes(("tesserocr",)))


class RapidOcr(Engine):
    """`options`: rapidocr's own; by default its detector enlarges a page to at least 736 px on
    the short side, where PaddleOCR's own default shrinks it to at most 960 px on the long side."""

    def __init__(self, name: str = "PP-OCRv4 (rapidocr-onnxruntime)", **options) -> None:
        self.name = name
        self.options = options

    def load(self) -> float:
        from rapidocr_onnxruntime import RapidOCR

        started = time.perf_counter()
        self.engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, **self.options)
        # Seconds in text detection, direction classification and recognition, over all pages.
        self.steps = [0.0, 0.0, 0.0]
        return time.perf_counter() - started

    def read(self, page: Page) -> str:
        result, steps = self.engine(page.image)
        self.steps = [total + step for total, step in zip(self.steps, steps or (0, 0, 0))]
        return "\n".join(text for _box, text, _score in result or [])

    def read_mrz(self, band: Image.Image) -> str:
        result, _ = self.engine(band)
        return "\n".join(text for _box, text, _score in result or [])

    def megabytes(self) -> float:
        return installed_megabytes(("rapidocr-onnxruntime", "onnxruntime", "opencv-python", "shapely", "pyclipper",
                                    "protobuf", "flatbuffers", "tqdm"))


def installed_megabytes(packages: tuple[str, ...]) -> float:
    total = 0
    for package in packages:
        for file in metadata.distribution(package).files or ():
            located = Path(file.locate())
            total += located.stat().st_size if located.is_file() else 0
    return total / 1e6


def _language_data_megabytes() -> float:
    return sum(Path(TESSDATA, f"{language}.traineddata").stat().st_size for language in CHINESE) / 1e6


def debian_megabytes(packages: tuple[str, ...]) -> float:
    shown = subprocess.run(["dpkg-query", "-Wf", "${Installed-Size}\n", *packages], capture_output=True, text=True,
                           check=False)
    return sum(int(size) for size in shown.stdout.split() if size.isdigit()) * 1024 / 1e6


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Tally:
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, counts: tuple[int, int]) -> None:
        self.right[key] = self.right.get(key, 0) + counts[0]
        self.total[key] = self.total.get(key, 0) + counts[1]

    def share(self, key: str) -> str:
        return f"{self.right[key] / self.total[key]:.1%}" if self.total.get(key) else "—"


@dataclass
class Outcome:
    """What one engine read, by region read ("page" or "band") and kind of page."""

    tally: Tally = field(default_factory=Tally)
    seconds: dict[tuple[str, bool], float] = field(default_factory=dict)
    mrz_found: dict[str, int] = field(default_factory=dict)

    def add(self, region: str, page: Page, text: str, seconds: float) -> None:
        specimen = page.variant == SPECIMEN
        self.seconds[region, specimen] = self.seconds.get((region, specimen), 0.0) + seconds
        if specimen:
            self.mrz_found[region] = self.mrz_found.get(region, 0) + valid_mrz_number(text)
        elif region == "band":
            self.tally.add("MRZ band", accuracy(list(page.mrz), text))
        else:
            self._page(page, text)

    def _page(self, page: Page, text: str) -> None:
        for kind, truths in page.fields.items():
            counts = accuracy(list(truths), text)
            for key in (kind, "names and numbers", f"names and numbers, {page.variant}"):
                self.tally.add(key, counts)
        if page.mrz:
            self.tally.add("MRZ", accuracy(list(page.mrz), text))
        if page.chinese:
            counts = accuracy(list(page.chinese), text)
            for key in ("Chinese text", f"Chinese text, {page.variant}"):
                self.tally.add(key, counts)

    def per(self, region: str, specimen: bool, count: int) -> str:
        return f"{self.seconds.get((region, specimen), 0.0) / count:.2f}" if count else "—"


def _take_turns(engines: list[Engine], outcomes: dict[str, Outcome], pages: list[Page], region: str) -> None:
    """Page by page, each engine in turn, so that a change in the machine's load affects all alike;
    after one untimed read each, as first calls allocate what later ones reuse."""
    def read(engine: Engine, page: Page) -> str:
        return engine.read(page) if region == "page" else engine.read_mrz(_mrz_band(page.image))

    for engine in engines:
        read(engine, pages[0])
    for page in pages:
        for engine in engines:
            started = time.perf_counter()
            text = read(engine, page)
            outcomes[engine.name].add(region, page, text, time.perf_counter() - started)


def _mrz_band(image: Image.Image) -> Image.Image:
    width, height = image.size
    return image.crop((0, int(height * (1 - MRZ_BAND_SHARE)), width, height))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr_engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="clean pages only, no real specimens")
    args = parser.parse_args(argv)
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network  # type: ignore[assignment]
    variants = ["clean"] if args.quick else list(VARIANTS)
    pages = rendered_pages(variants)
    specimens = [] if args.quick else specimen_pages()
    engines = [tesseract_command(), tesseract_in_process(), RapidOcr(),
               RapidOcr("PP-OCRv4, detection at most 960 px", det_limit_type="max", det_limit_side_len=960)]
    loads = {engine.name: engine.load() for engine in engines}
    outcomes = {engine.name: Outcome() for engine in engines}
    load_average = os.getloadavg()[0]
    _take_turns(engines, outcomes, pages + specimens, "page")
    bands = [page for page in pages if page.mrz]
    _take_turns(engines, outcomes, bands + specimens, "band")
    kinds = sorted({kind for page in pages for kind in page.fields})
    rows = []
    for engine in engines:
        outcome, tally = outcomes[engine.name], outcomes[engine.name].tally
        rows.append([engine.name, tally.share("names and numbers"), *(tally.share(kind) for kind in kinds),
                     tally.share("Chinese text"), tally.share("MRZ"),
                     f"{outcome.mrz_found.get('page', 0)} of {len(specimens)}" if specimens else "—",
                     outcome.per("page", False, len(pages)), outcome.per("page", True, len(specimens)),
                     f"{loads[engine.name]:.2f}", f"{engine.megabytes():.0f}"])
    print(f"{len(pages)} rendered pages ({', '.join(variants)}), {len(specimens)} real specimens; "
          f"{os.cpu_count()} CPUs, load average {load_average:.1f} before the pages, one thread per engine; "
          "character accuracy = 1 - edit distance / length")
    _table(["engine", "names and numbers", *kinds, "Chinese text", "passport MRZ", "real specimens: MRZ number checks",
            "s/page (rendered)", "s/page (specimens)", "model load s", "install MB"], rows)
    print("\nBy variant: names and numbers / Chinese text")
    _table(["engine", *variants], [[engine.name, *(f"{outcomes[engine.name].tally.share(f'names and numbers, {v}')} / "
                                                   f"{outcomes[engine.name].tally.share(f'Chinese text, {v}')}"
                                                   for v in variants)] for engine in engines])
    print(f"\nThe MRZ band alone (bottom {MRZ_BAND_SHARE:.0%} of the page; Tesseract: whitelist, one block, "
          "no dictionaries, as the validator reads it)")
    _table(["engine", f"passport MRZ ({len(bands)} rendered)", "real specimens: MRZ number checks",
            "s/band (rendered)", "s/band (specimens)"],
           [[engine.name, outcomes[engine.name].tally.share("MRZ band"),
             f"{outcomes[engine.name].mrz_found.get('band', 0)} of {len(specimens)}" if specimens else "—",
             outcomes[engine.name].per("band", False, len(bands)), outcomes[engine.name].per("band", True, len(specimens))]
            for engine in engines])
    print()
    for rapid in (engine for engine in engines if isinstance(engine, RapidOcr)):
        detection, direction, recognition = rapid.steps
        print(f"{rapid.name}, share of its page time: detection {detection / sum(rapid.steps):.0%}, direction "
              f"{direction / sum(rapid.steps):.0%}, recognition {recognition / sum(rapid.steps):.0%}")
    return 0


def _table(header: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
