"""Calibrates how many lines the first reading of a page samples (validator.text_lines.SAMPLE_LINES):
on rendered documents in six languages, clean and photographed, each declared in its own language
and in others, the language check's decision (IPP-TRANSLATION-004/005: the declared language is
absent) from the whole page's OCR, as before sampling, against the decision of the sampling reader
(validator/reading.py: the sample, then the whole page when the sample does not show the declared
language), for several sample sizes; and how much of the page OCR read.

    python -m bench.reading_sample [--sizes 2 4 8 12] [--quick]

Tesseract and its chi_sim, deu, fra, spa and ita data are needed. Nothing is cached."""

from __future__ import annotations

import argparse
import sys
import time

from PIL import Image

from bench.langid import SAMPLES
from tests import docgen
from validator import reading, text_lines
from validator.config import Settings
from validator.decode import WORKING_LONG_SIDE, Page
from validator.language import declared_absent
from validator.model import Document
from validator.ocr import mask_numbers, recognise
from validator.reading import DocumentReader, DocumentReading, ocr_languages


def corpus(quick: bool) -> list[tuple[str, Image.Image, str, tuple[str, ...]]]:
    """(name, page, languages it prints, languages to declare)."""
    pages = [
        ("business licence", docgen.business_license(), "zh", ("zh", "en")),
        ("trademark certificate (zh)", docgen.trademark_certificate_zh(), "zh", ("zh", "en")),
        ("certificate with English title", docgen.certificate_original(docgen.Company().name, "18123456"), "zh",
         ("zh", "en")),
        ("German ID card", docgen.id_card_de(), "de", ("de", "en", "zh")),
        ("German certificate", docgen.text_page(docgen.german_certificate_lines()), "de", ("de", "en")),
        ("Chinese translation", docgen.text_page(docgen.chinese_translation_lines(), face="cjk"), "zh", ("zh", "en")),
        ("contract zh + en", docgen.text_page(["第一条 本合同由双方签订。", "Article 1. This contract is made between the parties."] * 6,
                                              face="cjk", title="合同"), "zh+en", ("zh", "en", "de")),
        ("English letter with one Chinese line", docgen.text_page(SAMPLES["en"] + ["本授权书自签字之日起生效。"], face="cjk"),
         "en+zh", ("en", "zh", "fr")),
    ]
    pages += [(f"{code} text", docgen.text_page(SAMPLES[code]), code, (code, "en" if code != "en" else "de"))
              for code in ("en", "fr", "es", "it")]
    if not quick:
        pages += [(f"{name}, photographed", docgen.photographed(page, docgen.Shot(angle=7, seed=3)), prints, declared)
                  for name, page, prints, declared in pages[:6]]
    return pages


def _decoded(page: Image.Image) -> Image.Image:
    image = page.convert("RGB")
    image.thumbnail((WORKING_LONG_SIDE, WORKING_LONG_SIDE), Image.Resampling.BILINEAR)
    return image


def _decision(declared: str, text_reading) -> str:
    """What the language check concludes: 'absent' (a finding), 'present' or 'unreadable'."""
    if not text_reading.readable:
        return "unreadable"
    return "absent" if declared_absent(declared, text_reading.text, "other") else "present"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reading_sample", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 4, 8, 12])
    parser.add_argument("--quick", action="store_true", help="clean pages only")
    args = parser.parse_args(argv)
    pixels: list[int] = []
    original = reading.recognise

    def counted(image, *rest, **options):
        pixels.append(image.width * image.height)
        return original(image, *rest, **options)

    reading.recognise = counted
    settings = Settings(ocr_cache=False)
    totals = {size: {"agree": 0, "cases": 0, "settled": 0, "share": 0.0, "seconds": 0.0} for size in args.sizes}
    print("| document | prints | declared | whole page | " + " | ".join(f"{size} lines" for size in args.sizes) + " |")
    print("| --- | --- | --- | --- | " + " | ".join("---" for _ in args.sizes) + " |")
    for name, page, prints, declared_languages in corpus(args.quick):
        image = _decoded(page)
        for declared in declared_languages:
            document = Document(index=0, file="page.png", type="other", language=declared)
            whole = recognise(image, ocr_languages(document), 60)
            reference = _decision(declared, DocumentReading(mask_numbers(whole.text), ("OCR",), whole.confidence))
            cells = []
            for size in args.sizes:
                text_lines.SAMPLE_LINES = size
                pixels.clear()
                started = time.perf_counter()
                reader = DocumentReader(document, settings, "calibration")
                reader.observe(Page(number=1, image=image, source_size=page.size))
                seconds = time.perf_counter() - started
                decision = _decision(declared, reader.result())
                share = sum(pixels) / (image.width * image.height)
                total = totals[size]
                total["cases"] += 1
                total["agree"] += decision == reference
                whole_read = image.width * image.height in pixels
                total["settled"] += not whole_read
                total["share"] += share
                total["seconds"] += seconds
                cells.append(f"{decision}{'' if decision == reference else ' (differs)'}, "
                             f"{'whole page' if whole_read else 'sample'}, {share:.0%}")
            print(f"| {name} | {prints} | {declared} | {reference} | " + " | ".join(cells) + " |")
    print()
    print("| lines sampled | decisions equal to the whole page's | settled by the sample | OCR'd pixels (share of the page, mean) | seconds per reading (mean) |")
    print("| --- | --- | --- | --- | --- |")
    for size, total in totals.items():
        cases = total["cases"]
        print(f"| {size} | {total['agree']} of {cases} | {total['settled']} of {cases} | {total['share'] / cases:.0%} | "
              f"{total['seconds'] / cases:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
