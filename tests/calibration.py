"""The labelled corpus the pixel checks are calibrated on, and the calibration run.

`python -m tests.calibration` generates the corpus (documents rendered by tests/docgen.py with
real fonts, photographed-looking variants, each defect at graded strengths, and real photographs
from scikit-image's sample data as non-document content), adds the real specimens
(tests/real_specimens) as they are and degraded (tests/real_degraded.py), runs every sample
through the validator's own decoding and checks, and prints per rule: the threshold in the code,
the threshold the tuning part and the real part would choose, and precision and recall on the
tuning part, on the held-out part (different names, colours, random draws and photographs, never
tuned on) and on the real part; for the error alone, and for any finding of the rule's measure
(the error or its warning, IPP-LEGIBILITY-006 / -007).

Labels are by construction: a defect applied at a strength well past what hurts reading is
labelled a defect, a mild one clean, and the strengths between left unlabelled for that rule
(they are neither a miss nor a false alarm). Real specimens a person reads are clean for every
legibility rule; a degraded one is a defect when its MRZ no longer reads (tests/real_degraded.py).
A rule is judged on the samples labelled for it."""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from multiprocessing import get_context

from PIL import Image

from tests import docgen, real_degraded, real_framed
from validator.config import Settings
from validator.context import FileContext, FileTask
from validator.decode import MEASURING_SCALE, READING_SCALE, Scale, open_document
from validator.formats import JPEG, PDF, PNG
from validator.model import Account, Document
from validator.rules import legibility, seal
from validator.text_geometry import character_height

TUNING = "tuning"
HELD_OUT = "held-out"
REAL = "real"
PARTS = (TUNING, HELD_OUT, REAL)

# rule key -> (rule, measure name, fires when the measure is above (+1) or below (-1) the threshold)
RULE_KEYS = {
    "resolution": (legibility.TOO_FEW_PIXELS, None, 0),
    "blur": (legibility.BLURRED, "relative_blur", +1),
    "dark": (legibility.TOO_DARK, "document_paper_level", -1),
    "washed": (legibility.WASHED_OUT, "print_contrast", -1),
    "glare": (legibility.GLARE, "glare_share", +1),
    "no_seal": (seal.NO_SEAL, "seal_coverage", -1),
    "grey_copy": (seal.GREY_COPY, "colour_share", -1),
    "copy_seal": (seal.COPY_WITHOUT_SEAL, "seal_coverage", -1),
    "copy_signature": (seal.COPY_NEEDS_SIGNATURE, "colour_share", -1),
}
# The warning that says a rule's measure was past its threshold but the print still reads.
# (IPP-LEGIBILITY-006 is not one: it says the image is below the upload floors, whatever its text.)
WARNINGS = {"blur": legibility.MAY_BE_HARD_TO_READ, "glare": legibility.MAY_BE_HARD_TO_READ}
CHECK_KEYS = {legibility.check_blur: "blur", legibility.check_glare: "glare"}
CODE_THRESHOLDS = {
    "blur": ("legibility.MAX_RELATIVE_BLUR", lambda: legibility.MAX_RELATIVE_BLUR),
    "dark": ("legibility.MIN_PAPER_LEVEL", lambda: legibility.MIN_PAPER_LEVEL),
    "washed": ("legibility.MIN_PRINT_CONTRAST", lambda: legibility.MIN_PRINT_CONTRAST),
    "glare": ("legibility.MAX_GLARE_SHARE", lambda: legibility.MAX_GLARE_SHARE),
    "no_seal": ("seal.MIN_SEAL_RING_COVERAGE", lambda: seal.MIN_SEAL_RING_COVERAGE),
    "grey_copy": ("seal.MIN_COLOUR_SHARE", lambda: seal.MIN_COLOUR_SHARE),
    "copy_seal": ("seal.MIN_SEAL_RING_COVERAGE", lambda: seal.MIN_SEAL_RING_COVERAGE),
    "copy_signature": ("seal.MIN_COLOUR_SHARE", lambda: seal.MIN_COLOUR_SHARE),
}
# A blur whose sigma is at most this share of the characters' height leaves them readable (a sixth
# of their contrast at three cycles per letter, tests/real_degraded.py).
READABLE_BLUR_SHARE = 0.1
# Rendered passports narrower than this have characters a person cannot read (4-5 px).
TOO_SMALL_TO_READ_PX = 400
CLEAN_LEGIBILITY = {"blur": False, "dark": False, "washed": False, "glare": False, "resolution": False}
MAINLAND_COMPANY = Account("company", "mainland_china", "rights_holder")


@dataclass(frozen=True)
class Sample:
    name: str
    part: str
    doc_type: str
    labels: dict[str, bool]
    make: Callable[[], bytes] = field(repr=False)
    is_pdf: bool = False
    holder_type: str = "company"


@dataclass
class Outcome:
    name: str
    part: str
    labels: dict[str, bool]
    fired: set[str]
    measures: dict[str, float]
    # The rule keys whose warning fired (the measure was past its threshold, the print reads).
    warned: set[str] = field(default_factory=set)


# --- the corpus -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cast:
    """What differs between the two parts: names, colours, random draws."""

    part: str
    company: docgen.Company
    person: docgen.Person
    accent: tuple[int, int, int]
    number: str
    seed: int
    faded_seal: tuple[int, int, int]


CASTS = {
    TUNING: _Cast(TUNING, docgen.Company(), docgen.Person(), (20, 90, 60), "18123456", 100, (236, 110, 120)),
    HELD_OUT: _Cast(
        HELD_OUT,
        docgen.Company(name="杭州云帆贸易有限公司", credit_code="91330106MA2KX7Q93T", representative="李华",
                       address="杭州市西湖区文三路90号"),
        docgen.Person(surname="MUELLER", given_names="JONAS", display_name="Jonas Müller", nationality="DEU",
                      birth="900722", sex="M", number="C01X00T47", expiry="300101"),
        (30, 60, 150), "40201912345", 500, (225, 95, 105)),
}
PHOTOS = {
    TUNING: ("astronaut", "coffee", "rocket", "immunohistochemistry", "camera", "coins"),
    HELD_OUT: ("chelsea", "hubble_deep_field", "colorwheel", "retina", "moon", "text"),
}
GREY_PHOTOS = ("camera", "coins", "moon", "text")


def _jpeg(make: Callable[[], Image.Image], quality: int = 90) -> Callable[[], bytes]:
    return lambda: docgen.jpeg_bytes(make(), quality)


def _licence(cast: _Cast, seal_on: bool = True, colour: tuple[int, int, int] = docgen.SEAL_RED) -> Image.Image:
    if not seal_on or colour == docgen.SEAL_RED:
        return docgen.business_license(cast.company, seal=seal_on)
    image = docgen.business_license(cast.company, seal=False)
    docgen.draw_seal(image, (int(image.width * 0.727), int(image.height * 0.8)), int(image.width * 0.081),
                     cast.company.name, color=colour)
    return image


def _text_page(cast: _Cast) -> Image.Image:
    lines = [f"Registration No. {cast.number}", f"Holder: {cast.company.name if cast.part == TUNING else 'Nordlicht GmbH'}",
             "The mark shown below is registered for the goods in class 9.", "Date of filing: 2019-05-14",
             "This certificate is issued under the Trade Mark Regulation.", "Signed by the Registrar."] * 3
    return docgen.text_page(lines, size=(1240, 1754), title="CERTIFICATE")


def _bases(cast: _Cast) -> dict[str, tuple[str, Callable[[], Image.Image]]]:
    """name -> (document type, renderer)."""
    return {
        "licence": ("business_registration", lambda: _licence(cast)),
        "passport": ("passport", lambda: docgen.passport(cast.person)),
        "text": ("trademark_certificate", lambda: _text_page(cast)),
        "certificate": ("trademark_certificate",
                        lambda: docgen.certificate_original(cast.company.name, cast.number, accent=cast.accent)),
    }


def _shot(cast: _Cast, index: int, **changes) -> docgen.Shot:
    seed = cast.seed + index
    tables = ((92, 78, 64), (60, 62, 70), (140, 132, 120), (35, 35, 38))
    base = docgen.Shot(angle=((seed * 7) % 31) - 15, tilt=0.02 + (seed % 4) * 0.01,
                       light=(0.78 + (seed % 5) * 0.04, 1.0), tint=(1.0, 0.97 - (seed % 3) * 0.02, 0.92 + (seed % 4) * 0.02),
                       noise=2.0 + (seed % 4), quality=78 + (seed % 4) * 5, table=tables[seed % 4], seed=seed)
    return replace(base, **changes)


def corpus(part: str) -> Iterator[Sample]:
    cast = CASTS[part]
    bases = _bases(cast)
    for base_index, (name, (doc_type, render)) in enumerate(bases.items()):
        colour_original = name in ("licence", "certificate", "passport")
        grey = {"grey_copy": False} if colour_original else {}
        yield Sample(f"{name}/scan", part, doc_type, {**CLEAN_LEGIBILITY, **grey}, _jpeg(render))
        for index in range(3):
            shot = _shot(cast, index + 3 * base_index)
            yield Sample(f"{name}/photo-{index}", part, doc_type, {**CLEAN_LEGIBILITY, **grey},
                         lambda render=render, shot=shot: docgen.jpeg_bytes(docgen.photographed(render(), shot), shot.quality))
        long_side = max(render().size)
        # Blur is labelled as on the real specimens (tests/real_degraded.py), by its sigma as a share
        # of the document's character height: from a fifth on, unreadable; up to a tenth, readable.
        height = character_height(render())
        for sigma in (0.6, 1.0, 2.0, 3.2, 4.5, 6.5, 9.0):
            label = _blur_label(sigma, height)
            if label is not None:
                yield Sample(f"{name}/blur-{sigma}", part, doc_type, {"blur": label},
                             _jpeg(lambda render=render, sigma=sigma: docgen.blurred(render(), sigma)))
        for index, relative in enumerate((0.0003, 0.0025, 0.004)):
            sigma = relative * long_side
            shot = _shot(cast, 20 + index + 3 * base_index)
            label = _blur_label(sigma, height)
            if label is not None:
                yield Sample(f"{name}/photo-blur-{relative}", part, doc_type, {"blur": label},
                             lambda render=render, sigma=sigma, shot=shot: docgen.jpeg_bytes(
                                 docgen.photographed(docgen.blurred(render(), sigma), shot), shot.quality))
        for factor in (0.22, 0.32, 0.42, 0.6, 0.8, 0.95):
            label = True if factor <= 0.42 else False if factor >= 0.8 else None
            if label is not None:
                yield Sample(f"{name}/dark-{factor}", part, doc_type, {"dark": label, "blur": False},
                             _jpeg(lambda render=render, factor=factor: docgen.darkened(render(), factor)))
        for factor in (0.15, 0.25, 0.35, 0.55, 0.8, 1.2):
            label = True if factor <= 0.35 else False if factor >= 0.8 else None
            if label is not None:
                yield Sample(f"{name}/washed-{factor}", part, doc_type, {"washed": label, "dark": False},
                             _jpeg(lambda render=render, factor=factor: docgen.washed_out(render(), factor)))
        for index, radius in enumerate((0.03, 0.09, 0.13, 0.18)):
            label = True if radius >= 0.09 else False
            shot = _shot(cast, 40 + index, glare=radius, angle=0)
            yield Sample(f"{name}/glare-{radius}", part, doc_type, {"glare": label},
                         lambda render=render, shot=shot: docgen.jpeg_bytes(docgen.photographed(render(), shot), shot.quality))
        for index, factor in enumerate((0.35, 0.9)):
            shot = _shot(cast, 60 + index, light=(factor, factor))
            labels = {"dark": True} if factor < 0.5 else {"dark": False, "washed": False, "blur": False}
            yield Sample(f"{name}/photo-light-{factor}", part, doc_type, labels,
                         lambda render=render, shot=shot: docgen.jpeg_bytes(docgen.photographed(render(), shot), shot.quality))
    yield from _seal_samples(cast)
    yield from _copy_samples(cast)
    yield from _resolution_samples(cast)
    yield from _photographs(part)


def _blur_label(sigma: float, character_height: float) -> bool | None:
    share = sigma / character_height
    return True if share >= real_degraded.UNREADABLE_BLUR_SHARE else False if share <= READABLE_BLUR_SHARE else None


def _seal_samples(cast: _Cast) -> Iterator[Sample]:
    licence = "business_registration"
    sealed = {"no_seal": False, "grey_copy": False}
    yield Sample("seal/faded", cast.part, licence, sealed, _jpeg(lambda: _licence(cast, colour=cast.faded_seal)))
    for index, angle in enumerate((-25, -12, 8, 20, 90)):
        shot = _shot(cast, 80 + index, angle=angle)
        yield Sample(f"seal/photo-rotated-{angle}", cast.part, licence, sealed,
                     lambda shot=shot: docgen.jpeg_bytes(docgen.photographed(_licence(cast), shot), shot.quality))
    hard_shots = {
        "low-quality": dict(quality=55, noise=7.0),
        "dim": dict(light=(0.62, 0.8)),
        "tilted": dict(tilt=0.07, angle=-6),
        "far": dict(fill=0.5),
    }
    for index, (label, changes) in enumerate(hard_shots.items()):
        shot = _shot(cast, 110 + index, **changes)
        yield Sample(f"seal/photo-{label}", cast.part, licence, sealed,
                     lambda shot=shot: docgen.jpeg_bytes(docgen.photographed(_licence(cast), shot), shot.quality))
    yield Sample("seal/small-over-text", cast.part, licence, sealed, _jpeg(lambda: _sealed_at(cast, (0.3, 0.42), 0.05)))
    yield Sample("seal/two-seals", cast.part, licence, sealed,
                 _jpeg(lambda: _sealed_at(cast, (0.45, 0.6), 0.07, base=_licence(cast))))
    yield Sample("seal/with-red-decorations", cast.part, licence, sealed, _jpeg(
        lambda: docgen.red_decorations(_licence(cast), ("bar", "title", "handwriting"), cast.seed)))
    yield Sample("seal/stamped-copy", cast.part, licence, {"no_seal": False, "grey_copy": False},
                 _jpeg(lambda: docgen.stamped_copy(_licence(cast, seal_on=False), cast.company.name)))
    unsealed = {"no_seal": True, "grey_copy": False}
    yield Sample("seal/none", cast.part, licence, unsealed, _jpeg(lambda: _licence(cast, seal_on=False)))
    decorations = (("bar",), ("title",), ("logo",), ("handwriting",), ("bar", "title", "logo", "handwriting"))
    for index, kinds in enumerate(decorations):
        label = "+".join(kinds) if len(kinds) == 1 else "all"
        yield Sample(f"seal/red-{label}", cast.part, licence, unsealed, _jpeg(
            lambda kinds=kinds, index=index: docgen.red_decorations(_licence(cast, seal_on=False), kinds, cast.seed + index)))
        shot = _shot(cast, 90 + index)
        yield Sample(f"seal/red-{label}-photo", cast.part, licence, unsealed, lambda kinds=kinds, index=index, shot=shot: docgen.jpeg_bytes(
            docgen.photographed(docgen.red_decorations(_licence(cast, seal_on=False), kinds, cast.seed + index), shot), shot.quality))
    grey = {"grey_copy": True}
    yield Sample("seal/grey-copy", cast.part, licence, grey,
                 _jpeg(lambda: docgen.grayscale_copy(_licence(cast, seal_on=False))))
    yield Sample("seal/grey-copy-of-sealed", cast.part, licence, grey, _jpeg(lambda: docgen.grayscale_copy(_licence(cast))))
    for index in range(3):
        shot = _shot(cast, 100 + index)
        yield Sample(f"seal/grey-copy-photo-{index}", cast.part, licence, grey, lambda shot=shot: docgen.jpeg_bytes(
            docgen.photographed(docgen.grayscale_copy(_licence(cast, seal_on=False)), shot), shot.quality))


def _sealed_at(cast: _Cast, center: tuple[float, float], radius: float, base: Image.Image | None = None) -> Image.Image:
    """A licence with the company's seal at `center` (fractions of the page), `radius` a share of
    its width: small seals over the printed rows, or a second seal."""
    image = base if base is not None else _licence(cast, seal_on=False)
    docgen.draw_seal(image, (int(image.width * center[0]), int(image.height * center[1])), int(image.width * radius),
                     cast.company.name)
    return image


def _copy_samples(cast: _Cast) -> Iterator[Sample]:
    """Rights certificates: a black-and-white copy must carry the company holder's red seal, and
    an individual holder's copy a signature (each copy is listed once as a company's and once as
    an individual's)."""
    for sample in _company_copy_samples(cast):
        yield sample
        is_copy = "grey" in sample.name
        yield replace(sample, name=sample.name.replace("copy/", "copy-individual/"), holder_type="individual",
                      labels={"copy_signature": is_copy})


def _company_copy_samples(cast: _Cast) -> Iterator[Sample]:
    certificate = "trademark_certificate"

    def original() -> Image.Image:
        return docgen.certificate_original(cast.company.name, cast.number, accent=cast.accent)

    yield Sample("copy/colour-original", cast.part, certificate, {"copy_seal": False}, _jpeg(original))
    yield Sample("copy/grey-unsealed", cast.part, certificate, {"copy_seal": True},
                 _jpeg(lambda: docgen.grayscale_copy(original())))
    yield Sample("copy/grey-stamped", cast.part, certificate, {"copy_seal": False},
                 _jpeg(lambda: docgen.stamped_copy(original(), cast.company.name)))
    for index in range(4):
        shot = _shot(cast, 120 + index)
        yield Sample(f"copy/grey-unsealed-photo-{index}", cast.part, certificate, {"copy_seal": True},
                     lambda shot=shot: docgen.jpeg_bytes(docgen.photographed(docgen.grayscale_copy(original()), shot), shot.quality))
        yield Sample(f"copy/grey-stamped-photo-{index}", cast.part, certificate, {"copy_seal": False},
                     lambda shot=shot: docgen.jpeg_bytes(docgen.photographed(
                         docgen.stamped_copy(original(), cast.company.name), shot), shot.quality))
        yield Sample(f"copy/colour-photo-{index}", cast.part, certificate, {"copy_seal": False},
                     lambda shot=shot: docgen.jpeg_bytes(docgen.photographed(original(), shot), shot.quality))
    yield Sample("copy/grey-red-logo", cast.part, certificate, {"copy_seal": True},
                 _jpeg(lambda: docgen.red_decorations(docgen.grayscale_copy(original()), ("logo", "handwriting"), cast.seed)))


def _resolution_samples(cast: _Cast) -> Iterator[Sample]:
    """IPP-LEGIBILITY-001 fires when the print is too small to read (its measured character
    height), not on a pixel count: a passport rendered 200-280 px wide has characters of 4-5 px,
    one of 640 px and more, 12 px and more (readable, only below the upload floors: a warning,
    IPP-LEGIBILITY-006). Scans placed on PDF pages are measured at their effective resolution."""
    for long_side in (200, 280, 640, 900, 1150, 1300, 1800):
        label = long_side < TOO_SMALL_TO_READ_PX
        yield Sample(f"resolution/passport-{long_side}px", cast.part, "passport", {"resolution": label},
                     _jpeg(lambda long_side=long_side: docgen.passport(cast.person, size=(long_side, round(long_side * 0.7056)))))
    for dpi in (96, 130, 170, 300):
        size = (round(11.69 * dpi), round(8.27 * dpi))
        yield Sample(f"resolution/licence-pdf-{dpi}dpi", cast.part, "business_registration", {"resolution": False},
                     lambda size=size, dpi=dpi: docgen.scanned_pdf_bytes([docgen.business_license(cast.company, size=size)], dpi=dpi),
                     is_pdf=True)
    for width_mm in (100, 150):
        # A 1800 px passport page placed width_mm wide: 457 dpi and 305 dpi.
        yield Sample(f"resolution/passport-placed-{width_mm}mm", cast.part, "passport", {"resolution": False},
                     lambda width_mm=width_mm: docgen.placed_scan_pdf_bytes(docgen.passport(cast.person), width_mm), is_pdf=True)
    small = (round(125 / 25.4 * 150), round(88 / 25.4 * 150))
    yield Sample("resolution/passport-placed-150dpi", cast.part, "passport", {"resolution": False},
                 lambda: docgen.placed_scan_pdf_bytes(docgen.passport(cast.person, size=small), 125), is_pdf=True)


def _photographs(part: str) -> Iterator[Sample]:
    """Real photographs (scikit-image's sample data) as non-document content listed as a
    licence: no seal on them, and no glare finding on their bright areas."""
    for name in PHOTOS[part]:
        grey = name in GREY_PHOTOS
        labels = {"glare": False, "resolution": True, "grey_copy": grey}
        if not grey:
            labels["no_seal"] = True
        yield Sample(f"photograph/{name}", part, "business_registration", labels,
                     lambda name=name: docgen.png_bytes(_skimage(name)))


def real_corpus() -> Iterator[Sample]:
    """The real specimens as they are, clean for every legibility rule (a person reads each; those
    a person reads only barely, for their size, are left unlabelled for the size rule), and the
    degraded ones labelled by their MRZ (tests/real_degraded.py)."""
    clean = {"blur": False, "dark": False, "washed": False, "glare": False}
    for row in real_degraded.specimens():
        file = row["file"]
        labels = {**clean, "resolution": False} if row["person_reads"] == "yes" else clean
        yield Sample(f"specimen/{file}", REAL, _specimen_type(file), labels,
                     lambda file=file: (real_degraded.FOLDER / file).read_bytes(), holder_type="individual")
    for file, name, centre, unreadable in real_degraded.degraded_samples():
        key = name.split("-")[0]
        yield Sample(f"degraded/{file}/{name}", REAL, _specimen_type(file), {key: unreadable},
                     lambda file=file, name=name, centre=centre: real_degraded.degraded_bytes(file, name, centre),
                     holder_type="individual")
    # Lit as on its own scan, on a dark desk: never too dark, whatever its size.
    for file, height, unreadable in real_framed.framed_samples():
        yield Sample(f"framed/{file}/{height}px", REAL, _specimen_type(file), {"resolution": unreadable, "dark": False},
                     lambda file=file, height=height: real_framed.framed_bytes(file, height), holder_type="individual")


def _specimen_type(file: str) -> str:
    return "national_id" if "_id-" in file else "passport"


def _skimage(name: str) -> Image.Image:
    import skimage.data

    pixels = getattr(skimage.data, name)()
    return Image.fromarray(pixels).convert("RGB")


# --- running the checks -----------------------------------------------------------------


SCALES = {"measuring": MEASURING_SCALE, "reading": READING_SCALE}


def evaluate(sample: Sample, scale: Scale = MEASURING_SCALE) -> Outcome:
    """`scale`: decoded as a page only measured (the default) or as one OCR will also read."""
    data = sample.make()
    fmt = PDF if sample.is_pdf else PNG if data.startswith(b"\x89PNG") else JPEG
    document = Document(index=0, file=sample.name, type=sample.doc_type)
    settings = Settings()
    # In a file, as the validator meets it: a check may read a region of it again at full resolution.
    with tempfile.NamedTemporaryFile(suffix=".pdf" if sample.is_pdf else ".img") as file:
        file.write(data)
        file.flush()
        task = FileTask(file.name, document, MAINLAND_COMPANY, settings, holder_type=sample.holder_type)
        return _evaluated(sample, task, data, fmt, scale)


def _evaluated(sample: Sample, task: FileTask, data: bytes, fmt, scale: Scale) -> Outcome:
    settings = task.settings
    decoded = open_document(io.BytesIO(data), fmt, len(data), settings.max_pixels, settings.max_pdf_pages, scale)
    context = FileContext(task, decoded, len(data))
    findings = []
    warned: set[str] = set()
    measures: dict[str, float] = {}
    for page in decoded.pages:
        for check in (*legibility.PAGE_CHECKS, *seal.PAGE_CHECKS):
            found = check(page, context)
            findings += found
            key = CHECK_KEYS.get(check)
            if key and any(f.rule == WARNINGS[key].id for f in found):
                warned.add(key)
        if page.is_pixels and not measures:
            m = page.measures
            best_seal = next(iter(m.seal_shapes), None)
            measures = {"edge_width": m.edge_width, "document_paper_level": m.document_paper_level,
                        "print_contrast": m.print_contrast,
                        "glare_share": m.glare.inside.share, "seal_coverage": best_seal.coverage if best_seal else 0.0,
                        "colour_share": m.colour_share}
            # As the rule computes it: only for edges softer than a reviewer expects.
            if m.edge_width > legibility.MAX_EDGE_WIDTH and m.relative_blur is not None:
                measures["relative_blur"] = m.relative_blur
    for check in seal.DOCUMENT_CHECKS:
        findings += check(context)
    return Outcome(sample.name, sample.part, sample.labels, {f.rule for f in findings}, measures, warned)


_SAMPLES: list[Sample] = []


def _evaluate_index(index: int, scale: Scale) -> Outcome:
    return evaluate(_SAMPLES[index], scale)


def evaluate_all(samples: list[Sample], jobs: int, scale: Scale = MEASURING_SCALE) -> list[Outcome]:
    if jobs <= 1:
        return [evaluate(sample, scale) for sample in samples]
    # Samples render themselves from closures, which do not pickle: forked workers inherit them.
    _SAMPLES[:] = samples
    with get_context("fork").Pool(jobs) as pool:
        return pool.map(partial(_evaluate_index, scale=scale), range(len(samples)), chunksize=2)


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    positives: int
    negatives: int

    @classmethod
    def of(cls, pairs: list[tuple[bool, bool]]) -> Score:
        true_pos = sum(1 for label, fired in pairs if label and fired)
        false_pos = sum(1 for label, fired in pairs if not label and fired)
        positives = sum(1 for label, _ in pairs if label)
        fired = true_pos + false_pos
        return cls(true_pos / fired if fired else 1.0, true_pos / positives if positives else 1.0,
                   positives, len(pairs) - positives)


def rule_score(outcomes: list[Outcome], key: str, part: str, warning: bool = False) -> Score:
    """The error's score; with `warning`, that of any finding of the rule's measure (the error
    or its warning)."""
    rule = RULE_KEYS[key][0]
    return Score.of([(o.labels[key], rule.id in o.fired or (warning and key in o.warned))
                     for o in outcomes if o.part == part and key in o.labels])


def tuned_threshold(outcomes: list[Outcome], key: str) -> float | None:
    """The threshold on the rule's measure that the tuning and real parts would choose: the best
    min(precision, recall), then the widest gap between the two classes."""
    _, measure, direction = RULE_KEYS[key]
    if measure is None:
        return None
    points = [(o.measures[measure], o.labels[key]) for o in outcomes
              if o.part in (TUNING, REAL) and key in o.labels and measure in o.measures]
    values = sorted({value for value, _ in points})
    best: tuple[float, float, float] | None = None
    for low, high in zip(values, values[1:]):
        threshold = (low + high) / 2
        score = Score.of([(label, (value - threshold) * direction > 0) for value, label in points])
        key_value = (min(score.precision, score.recall), high - low, threshold)
        if best is None or key_value[:2] > best[:2]:
            best = key_value
    return best[2] if best else None


def _cell(score: Score) -> str:
    return f"{score.precision:.2f} / {score.recall:.2f} ({score.positives}, {score.negatives})"


def table(outcomes: list[Outcome]) -> str:
    lines = ["| rule | measure | threshold (code) | tuned on tuning + real | finding | tuning P / R (n+, n-) | "
             "held-out P / R (n+, n-) | real P / R (n+, n-) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for key, (rule, measure, _) in RULE_KEYS.items():
        name, value = CODE_THRESHOLDS.get(key, ("MIN_CHARACTER_HEIGHT", lambda: legibility.MIN_CHARACTER_HEIGHT))
        code = f"`{name.split('.')[-1]}` = {value():g}"
        tuned = tuned_threshold(outcomes, key)
        kinds = [("error", False)] + ([("error or warning", True)] if key in WARNINGS else [])
        for kind, warning in kinds:
            scores = [_cell(rule_score(outcomes, key, part, warning)) for part in PARTS]
            lines.append(f"| {rule.id} {key} | {measure or 'character height'} | {code} | "
                         f"{'' if tuned is None else f'{tuned:.4g}'} | {kind} | {' | '.join(scores)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.calibration", description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--errors", action="store_true", help="list the samples a rule gets wrong")
    parser.add_argument("--save", metavar="DIR", help="also write every sample's file into DIR")
    parser.add_argument("--scale", choices=SCALES, default="measuring",
                        help="decode as pages that are only measured (default) or as pages OCR will also read")
    args = parser.parse_args(argv)
    started = time.monotonic()
    samples = [*corpus(TUNING), *corpus(HELD_OUT), *real_corpus()]
    outcomes = evaluate_all(samples, args.jobs, SCALES[args.scale])
    if args.save:
        os.makedirs(args.save, exist_ok=True)
        for sample in samples:
            suffix = ".pdf" if sample.is_pdf else ".img"
            with open(os.path.join(args.save, f"{sample.part}-{sample.name.replace('/', '-')}{suffix}"), "wb") as out:
                out.write(sample.make())
    counts = {part: sum(1 for s in samples if s.part == part) for part in PARTS}
    print(f"Corpus: {len(samples)} labelled files ({counts[TUNING]} tuning, {counts[HELD_OUT]} held-out, "
          f"{counts[REAL]} real), decoded at the {args.scale} scale, evaluated in {time.monotonic() - started:.0f} s.\n")
    print(table(outcomes))
    if args.errors:
        for key, (rule, measure, _) in RULE_KEYS.items():
            for o in outcomes:
                if key not in o.labels:
                    continue
                if o.labels[key] != (rule.id in o.fired) or (not o.labels[key] and key in o.warned):
                    kind = "warned" if key in o.warned else "error" if rule.id in o.fired else "silent"
                    print(f"{key}: {o.part} {o.name} label={o.labels[key]} {kind} "
                          + " ".join(f"{k}={v:.3g}" for k, v in o.measures.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
