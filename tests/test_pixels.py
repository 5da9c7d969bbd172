"""The pixel checks: decoding PDF pages as scans or born-digital pages, the legibility and seal
rules on a small subset of the calibration corpus, whole bundles, and the limits."""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import replace
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from PIL import Image, ImageFilter

from tests import calibration, docgen
from validator import pixels
from validator.cli import main
from validator.config import Settings
from validator.decode import DIGITAL_PAGE, MEASURING_SCALE, READING_SCALE, SCANNED_PAGE, open_document
from validator.engine import _plan, discover, validate
from validator.formats import JPEG, PDF
from validator.names import holder_kind

# Calibration samples on which every rule both fires and stays silent at least once.
SUBSET = (
    "licence/scan", "passport/photo-0", "text/scan", "licence/blur-9.0", "passport/dark-0.22",
    "text/washed-0.15", "certificate/glare-0.13", "certificate/glare-0.03", "seal/photo-rotated-20",
    "seal/red-all-photo", "seal/red-logo", "seal/grey-copy", "seal/stamped-copy", "copy/grey-unsealed",
    "copy/grey-stamped", "copy-individual/grey-unsealed", "copy-individual/colour-original", "resolution/passport-280px", "resolution/passport-640px", "resolution/licence-pdf-130dpi",
    "resolution/licence-pdf-300dpi",
)


@pytest.fixture(scope="module")
def outcomes() -> dict[str, calibration.Outcome]:
    samples = {sample.name: sample for sample in calibration.corpus(calibration.TUNING)}
    return {name: calibration.evaluate(samples[name]) for name in SUBSET}


def test_the_subset_fires_and_stays_silent_for_every_rule(outcomes: dict[str, calibration.Outcome]) -> None:
    seen = {key: set() for key in calibration.RULE_KEYS}
    for outcome in outcomes.values():
        for key, label in outcome.labels.items():
            rule = calibration.RULE_KEYS[key][0]
            assert (rule.id in outcome.fired) == label, f"{outcome.name}: {key} expected {label}, fired {outcome.fired}"
            seen[key].add(label)
    assert all(labels == {True, False} for labels in seen.values()), seen


def test_the_seal_is_found_on_a_rotated_photo_with_its_region(outcomes: dict[str, calibration.Outcome]) -> None:
    assert "IPP-SEAL-003" in outcomes["seal/photo-rotated-20"].fired
    assert "IPP-SEAL-001" in outcomes["seal/red-all-photo"].fired


def test_the_corpus_has_two_parts_of_at_least_200_labelled_files_together() -> None:
    samples = [*calibration.corpus(calibration.TUNING), *calibration.corpus(calibration.HELD_OUT)]
    assert len(samples) >= 200
    documents = {part: {s.name for s in samples if s.part == part and not s.name.startswith("photograph/")}
                 for part in (calibration.TUNING, calibration.HELD_OUT)}
    assert documents[calibration.TUNING] == documents[calibration.HELD_OUT]


def _pages(data: bytes):
    return list(open_document(io.BytesIO(data), PDF, len(data), 50_000_000, 50, MEASURING_SCALE).pages)


def test_a_scanned_pdf_page_has_its_effective_dpi() -> None:
    licence = docgen.business_license(size=(1170, 827))
    (page,) = _pages(docgen.scanned_pdf_bytes([licence], dpi=100))
    assert page.kind == SCANNED_PAGE and page.effective_dpi == pytest.approx(100, abs=1)
    (placed,) = _pages(docgen.placed_scan_pdf_bytes(docgen.passport(size=(900, 635)), 127))
    assert placed.kind == SCANNED_PAGE and placed.effective_dpi == pytest.approx(180, abs=2)


def test_a_born_digital_pdf_page_is_not_a_scan(tmp_path: Path) -> None:
    docgen.text_pdf(tmp_path / "t.pdf", ["Registration certificate"] * 10)
    (page,) = _pages((tmp_path / "t.pdf").read_bytes())
    assert page.kind == DIGITAL_PAGE and not page.is_pixels


@pytest.mark.parametrize("name, company", [
    ("深圳市明星科技有限公司", True), ("Nordlicht GmbH", True), ("Acme Co., Ltd.", True), ("Anna Maria Eriksson", False),
    ("王明", False),
])
def test_holder_names_with_a_legal_form_are_companies(name: str, company: bool) -> None:
    assert (holder_kind(name) == "company") is company


CONTRACT_MANIFEST = """\
schema_version: 1
account: {holder_type: company, region: mainland_china}
complainant: {name: "深圳市明星科技有限公司", email: ip@brightstar.example, phone: "+86 755 1234 5678", address: "深圳"}
documents:
  - {file: identity/business-license.jpg, type: business_registration, name_on_document: "深圳市明星科技有限公司", language: zh}
  - {file: rights/eutm-018123456.pdf, type: trademark_certificate, language: de}
  - {file: rights/eutm-018123456-zh.pdf, type: translation, translation_of: rights/eutm-018123456.pdf, language: zh, notarized: true}
rights:
  - {type: trademark, number: "018123456", holder: "深圳市明星科技有限公司", certificate: rights/eutm-018123456.pdf}
"""


def _bundle(root: Path, manifest: str, files: dict[str, bytes]) -> Path:
    root.mkdir()
    (root / "bundle.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _findings(root: Path, settings: Settings = Settings()):
    (report,) = validate(discover([str(root)]), settings)
    return report


def test_the_contract_example_bundle_passes_with_its_seal_found(tmp_path: Path) -> None:
    rights = tmp_path / "pdfs"
    rights.mkdir()
    docgen.text_pdf(rights / "de.pdf", ["Eintragungsurkunde", "Unionsmarke 018123456", "Inhaber: 深圳市明星科技有限公司"],
                    title="Urkunde", face="cjk")
    docgen.text_pdf(rights / "zh.pdf", ["注册证书", "欧盟商标 018123456"], title="译文", face="cjk")
    root = _bundle(tmp_path / "brightstar", CONTRACT_MANIFEST, {
        "identity/business-license.jpg": docgen.jpeg_bytes(docgen.business_license()),
        "rights/eutm-018123456.pdf": (rights / "de.pdf").read_bytes(),
        "rights/eutm-018123456-zh.pdf": (rights / "zh.pdf").read_bytes(),
    })
    report = _findings(root)
    assert report.passed(), [f.message for f in report.findings]
    (found,) = [f for f in report.findings if f.rule == "IPP-SEAL-003"]
    assert found.region is not None and 0.5 < found.region.x < 0.85


PASSPORT_MANIFEST = """\
schema_version: 1
account: {holder_type: individual, region: outside_mainland_china}
complainant: {name: "Anna Maria Eriksson", email: anna@example.se, phone: "+46 8 123", address: "Stockholm"}
documents:
  - {file: passport.jpg, type: passport, name_on_document: "Anna Maria Eriksson", language: en, expires_on: 2032-04-15}
"""


def test_a_clean_passport_photo_passes_legibility(tmp_path: Path) -> None:
    photo = docgen.photographed(docgen.passport(), docgen.Shot(frame=(4032, 3024), angle=4))
    root = _bundle(tmp_path / "anna", PASSPORT_MANIFEST, {"passport.jpg": docgen.jpeg_bytes(photo)})
    report = _findings(root)
    assert not [f for f in report.findings if f.category == "legibility"], report.findings


def test_the_pixel_limit_still_stops_a_large_image(tmp_path: Path) -> None:
    root = _bundle(tmp_path / "big", PASSPORT_MANIFEST,
                   {"passport.jpg": docgen.jpeg_bytes(Image.new("RGB", (3000, 2000), "white"))})
    report = _findings(root, Settings(max_pixels=5_000_000))
    assert "IPP-FILE-006" in {f.rule for f in report.findings}
    assert not [f for f in report.findings if f.category == "legibility"]


def test_the_time_limit_still_stops_a_slow_analysis(tmp_path: Path) -> None:
    root = _bundle(tmp_path / "slow", PASSPORT_MANIFEST, {"passport.jpg": docgen.jpeg_bytes(docgen.passport())})
    report = _findings(root, Settings(file_timeout_seconds=0.001))
    assert "IPP-FILE-010" in {f.rule for f in report.findings}


def test_the_pixel_limit_applies_to_images_embedded_in_a_pdf(tmp_path: Path) -> None:
    scan = docgen.scanned_pdf_bytes([docgen.business_license(size=(1500, 1060))], dpi=150)
    root = _bundle(tmp_path / "pdf", CONTRACT_MANIFEST.replace("identity/business-license.jpg", "licence.pdf"),
                   {"licence.pdf": scan})
    report = _findings(root, Settings(max_pixels=1_000_000))
    (limit,) = [f for f in report.findings if f.rule == "IPP-FILE-006"]
    assert limit.file == "licence.pdf" and limit.page == 1


def test_a_black_and_white_copy_of_an_individuals_certificate_must_be_signed() -> None:
    samples = {sample.name: sample for sample in calibration.corpus(calibration.TUNING)}
    individual = replace(samples["copy/grey-unsealed"], holder_type="individual")
    assert calibration.evaluate(individual).fired == {"IPP-SEAL-005"}
    assert "IPP-SEAL-005" not in calibration.evaluate(replace(samples["copy/colour-original"], holder_type="individual")).fired


def test_the_holder_of_a_certificate_is_derived_from_the_manifest(tmp_path: Path) -> None:
    manifest = CONTRACT_MANIFEST.replace('holder: "深圳市明星科技有限公司"', 'holder: "Hans Weber"')
    root = _bundle(tmp_path / "b", manifest, {name: b"%PDF-" for name in (
        "identity/business-license.jpg", "rights/eutm-018123456.pdf", "rights/eutm-018123456-zh.pdf")})

    plan = _plan(discover([str(root)])[0], Settings())
    holders = {task.document.file: task.holder_type for task in plan.tasks}
    assert holders == {"identity/business-license.jpg": "company", "rights/eutm-018123456.pdf": "individual",
                       "rights/eutm-018123456-zh.pdf": "company"}


def test_the_json_report_carries_the_glare_region_and_matches_the_schema(tmp_path: Path) -> None:
    glare = docgen.photographed(docgen.passport(), docgen.Shot(glare=0.15, angle=0, seed=7))
    root = _bundle(tmp_path / "glare", PASSPORT_MANIFEST, {"passport.jpg": docgen.jpeg_bytes(glare)})
    output = tmp_path / "report.json"
    assert main(["--format", "json", "--no-progress", "-o", str(output), str(root)]) == 1
    report = json.loads(output.read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parents[1] / "schemas/report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    (finding,) = [f for f in report["bundles"][0]["findings"] if f["rule"] == "IPP-LEGIBILITY-005"]
    region = finding["region"]
    assert 0.2 < region["x"] + region["width"] / 2 < 0.8 and 0.2 < region["y"] + region["height"] / 2 < 0.8


def test_exif_orientation_is_applied_once_and_swaps_the_source_size() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    data = docgen.jpeg_bytes(docgen.passport(size=(3000, 2117)), exif=exif.tobytes())
    (page,) = open_document(io.BytesIO(data), JPEG, len(data), 50_000_000, 50, READING_SCALE).pages
    assert page.source_size == (2117, 3000)
    assert page.image.height > page.image.width and 1024 <= page.image.height <= 2048


@pytest.mark.parametrize(("scale", "decoded_long_side"), [(READING_SCALE, 2016), (MEASURING_SCALE, 1008)])
def test_a_phone_photo_is_decoded_at_half_size_for_reading_and_a_quarter_for_measuring(scale, decoded_long_side) -> None:
    data = docgen.jpeg_bytes(docgen.photographed(docgen.passport(), docgen.Shot(frame=(4032, 3024))))
    (page,) = open_document(io.BytesIO(data), JPEG, len(data), 50_000_000, 50, scale).pages
    assert max(page.image.size) == decoded_long_side
    # Both are measured at 1008 px, their widths expressed at 1024 px: the same blur, the same verdict.
    assert max(page.measures.image.size) == 1008


def test_both_decoding_scales_measure_alike() -> None:
    data = docgen.jpeg_bytes(docgen.photographed(docgen.business_license(), docgen.Shot(frame=(4032, 3024))))
    read, measured = (next(open_document(io.BytesIO(data), JPEG, len(data), 50_000_000, 50, scale).pages).measures
                      for scale in (READING_SCALE, MEASURING_SCALE))
    assert measured.edge_width == pytest.approx(read.edge_width, rel=0.1)
    assert measured.paper_level == pytest.approx(read.paper_level, abs=4)
    assert measured.colour_share == pytest.approx(read.colour_share, rel=0.25)
    assert measured.seal_shapes and read.seal_shapes
    assert measured.seal_shapes[0].coverage == pytest.approx(read.seal_shapes[0].coverage, abs=0.1)


@pytest.mark.parametrize("image", [Image.new("RGB", (40, 30), "white"), Image.new("RGB", (1800, 1270), "white")])
def test_a_tiny_or_blank_image_gets_no_blur_or_exposure_finding(image: Image.Image, tmp_path: Path) -> None:
    root = _bundle(tmp_path / "blank", PASSPORT_MANIFEST, {"passport.jpg": docgen.jpeg_bytes(image)})
    rules = {f.rule for f in _findings(root).findings}
    assert not rules & {"IPP-LEGIBILITY-002", "IPP-LEGIBILITY-003", "IPP-LEGIBILITY-005"}
    # Nothing on a blank page can be measured as readable: below the floors, that is an error.
    assert ("IPP-LEGIBILITY-001" in rules) is (image.width < 1200)


def test_the_red_mask_keeps_to_the_hsv_thresholds_on_every_colour() -> None:
    """The red mask converts only the pixels its RGB prefilter lets through: on all 2^24
    colours (16 tiles of 1024x1024, measured as they are) it equals the HSV thresholds applied
    to Pillow's conversion of every pixel."""
    codes = np.arange(2 ** 24, dtype=np.uint32).reshape(16, 1024, 1024)
    colours = np.stack([codes >> 16, (codes >> 8) & 255, codes & 255], axis=-1).astype(np.uint8)
    red_colours = 0
    for tile in colours:
        image = Image.fromarray(tile)
        expected = pixels._is_seal_red(np.asarray(image.convert("HSV")))
        assert np.array_equal(pixels.PageMeasures(image).red_mask, expected)
        red_colours += int(expected.sum())
    assert 100_000 < red_colours < 2 ** 24 / 4


def test_the_edge_smoothing_is_pillows_kernel_filter_for_every_weighted_sum() -> None:
    """The blur measure's smoothing, computed in integers, gives what Pillow's 3x3 kernel filter
    gives: for every weighted sum of a neighbourhood (0..4080, one 3x3 tile each, its centre
    measured), and on random pages with their borders."""
    kernel = ImageFilter.Kernel((3, 3), (1, 2, 1, 2, 4, 2, 1, 2, 1), 16)
    weights = np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    # Each sum as a base level everywhere plus its remainder (< 16) spread over distinct weights.
    tiles = []
    for total in range(16 * 255 + 1):
        level, rest = divmod(total, 16)
        tile = np.full((3, 3), level)
        for position in ((1, 1), (0, 1), (1, 0), (1, 2), (2, 1), (0, 0), (0, 2), (2, 0), (2, 2)):
            if rest >= weights[position]:
                tile[position] += 1
                rest -= weights[position]
        assert (tile * weights).sum() == total
        tiles.append(tile)
    page = np.hstack(tiles).astype(np.uint8)
    expected = np.asarray(Image.fromarray(page).filter(kernel))
    assert np.array_equal(pixels._smoothed(page)[1, 1::3], expected[1, 1::3])
    random = np.random.default_rng(0)
    for height, width in ((3, 3), (17, 40), (300, 200)):
        page = random.integers(0, 256, (height, width), dtype=np.uint8)
        assert np.array_equal(pixels._smoothed(page), np.asarray(Image.fromarray(page).filter(kernel)))


def test_the_print_of_a_document_small_on_a_desk_is_located() -> None:
    """The passport laid small on a desk in a 12-megapixel photo: its print is found where it
    lies, though its characters (5 px) are too small to measure at the measuring scale."""
    from tests import real_framed

    photo, (left, top, right, bottom) = real_framed.on_desk(docgen.passport(), 5 / 32, seed=3)
    measures = pixels.PageMeasures(photo)
    region = measures.print_region
    assert region is not None
    width, height = photo.size
    assert left - 64 <= region.x * width and region.x * width + region.width * width <= right + 64
    assert top - 64 <= region.y * height and region.y * height + region.height * height <= bottom + 64
    # Most of the document, not a speck of it.
    assert region.width * width >= 0.6 * (right - left)


def test_a_region_of_the_file_is_read_again_only_when_it_is_the_image_analysed(tmp_path: Path) -> None:
    from validator.findings import Region
    from validator.source_pixels import source_region

    path = tmp_path / "page.png"
    Image.new("RGB", (400, 200), "white").save(path)
    crop = source_region(str(path), Region(0.5, 0.5, 0.25, 0.5), (400, 200), 10**8)
    assert crop is not None and crop.size == (100, 100)
    # Another size than the one analysed (the file changed), over the pixel limit, or unreadable: none.
    assert source_region(str(path), Region(0, 0, 1, 1), (800, 400), 10**8) is None
    assert source_region(str(path), Region(0, 0, 1, 1), (400, 200), 1000) is None
    path.write_bytes(b"not an image")
    assert source_region(str(path), Region(0, 0, 1, 1), (400, 200), 10**8) is None
    assert source_region(str(tmp_path / "missing.png"), Region(0, 0, 1, 1), (400, 200), 10**8) is None


def test_a_region_is_read_again_in_the_images_orientation(tmp_path: Path) -> None:
    from validator.findings import Region
    from validator.source_pixels import source_region

    image = Image.new("RGB", (400, 200), "white")
    image.paste((0, 0, 0), (0, 0, 100, 200))  # black on the left, which turns to the top
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to view
    path = tmp_path / "turned.jpg"
    image.save(path, exif=exif)
    crop = source_region(str(path), Region(0, 0, 1, 0.25), (200, 400), 10**8)
    assert crop is not None and crop.size == (200, 100)
    assert np.asarray(crop.convert("L")).mean() < 40
