"""MRZ reading on the 17 real specimens (tests/real_specimens), against the hand transcriptions
(mrz-labels.yaml): the validator's reader (validator/mrz_zone.py) side by side with PassportEye.

    python -m bench.mrz [--only validator|passporteye] [--bundle DIR]

PassportEye is not a dependency of the validator: install it into the benchmark's environment
(`pip install -e .[bench]`); without it only the validator is measured. Prints, per reader, the
read rate (all check digits valid), the field accuracy (every field equal to the transcription:
format, issuing state, surname, given names, document number, expiry) and seconds per image,
and one line per specimen. `--bundle`: the zone reader's time on the passport photos of the
benchmark bundle too (`python -m bench` builds it), decoded at the scale the validator reads at.
The load average is printed before and after: the times are only comparable at a like load."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
import warnings
from pathlib import Path

import yaml
from PIL import Image

from validator.decode import READING_SCALE, _decode_reduced
from validator.mrz import find_mrz
from validator.mrz_zone import read_zone
from validator.ocr import MRZ_CHARACTERS, recognise
from validator.privacy import mask_number

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "real_specimens"
FIELDS = ("format", "issuing_state", "surname", "given_names", "number", "expiry")


def _expected(label: dict) -> dict:
    mrz = find_mrz("\n".join(line.replace(" ", "").replace("Ñ", "N") for line in label["lines"]))
    return {"format": mrz.format, "issuing_state": mrz.issuing_state, "surname": mrz.surname,
            "given_names": mrz.given_names, "number": mrz.number_masked, "expiry": mrz.expiry}


def _validator(path: Path) -> tuple[bool, dict]:
    return _zone_fields(Image.open(path))


def _zone_fields(image: Image.Image) -> tuple[bool, dict]:
    def tesseract(image):
        return recognise(image, ("eng",), 60, page_mode=6, whitelist=MRZ_CHARACTERS).text
    found = read_zone(image, tesseract)
    if found is None:
        return False, {}
    mrz = found.mrz
    return mrz.valid, {"format": mrz.format, "issuing_state": mrz.issuing_state, "surname": mrz.surname,
                       "given_names": mrz.given_names, "number": mrz.number_masked, "expiry": mrz.expiry}


def _passporteye(path: Path) -> tuple[bool, dict]:
    from passporteye import read_mrz

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mrz = read_mrz(str(path))
    if mrz is None:
        return False, {}
    data = mrz.to_dict()
    try:
        expiry = dt.date(2000 + int(data["expiration_date"][:2]), int(data["expiration_date"][2:4]),
                         int(data["expiration_date"][4:6]))
    except ValueError:
        expiry = None
    # PassportEye calls a visa's layouts TD3/TD2 and names MRV-A/B "MRVA"/"MRVB".
    form = {"MRVA": "MRV-A", "MRVB": "MRV-B"}.get(data["mrz_type"], data["mrz_type"])
    return bool(mrz.valid), {"format": form, "issuing_state": data["country"].strip("<"),
                             "surname": " ".join(data["surname"].split()), "given_names": " ".join(data["names"].split()),
                             "number": mask_number(data["number"].strip("<")), "expiry": expiry}


READERS = {"validator": _validator, "passporteye": _passporteye}


def _bundle_photos(bundle: Path) -> None:
    manifest = yaml.safe_load((bundle / "bundle.yaml").read_text(encoding="utf-8"))
    photos = [bundle / document["file"] for document in manifest["documents"] if document["type"] == "passport"]
    print(f"validator, the passport photos of {bundle}:")
    for path in photos:
        image, _ = _decode_reduced(Image.open(path), READING_SCALE)
        start = time.perf_counter()
        is_valid, _ = _zone_fields(image)
        print(f"  {path.name:<20} {'read with valid check digits' if is_valid else 'not read'} in "
              f"{time.perf_counter() - start:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(READERS))
    parser.add_argument("--bundle", type=Path,
                        help="also time the zone reader on this benchmark bundle's passport photos")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    labels = yaml.safe_load((FOLDER / "mrz-labels.yaml").read_text(encoding="utf-8"))
    readers = [args.only] if args.only else list(READERS)
    try:
        import passporteye  # noqa: F401
    except ImportError:
        readers = [name for name in readers if name != "passporteye"]
        print("PassportEye is not installed (pip install -e .[bench]): measuring the validator only.")
    verifiable = [label for label in labels if not label.get("checks_fail")]
    for name in readers:
        valid = right = 0
        seconds = 0.0
        print(f"{name}:")
        for label in labels:
            start = time.perf_counter()
            is_valid, fields = READERS[name](FOLDER / label["file"])
            seconds += time.perf_counter() - start
            expected = _expected(label)
            wrong = [field for field in FIELDS if fields.get(field) != expected[field]]
            countable = label in verifiable
            valid += is_valid and countable
            right += is_valid and not wrong and countable
            status = "all fields right" if is_valid and not wrong else (
                f"valid, wrong {', '.join(wrong)}" if is_valid else "not read" if not fields else "check digits fail")
            print(f"  {label['file']:<20} {status}{'' if countable else ' (the specimen fails its own check digits)'}")
        print(f"  read with valid check digits: {valid} of {len(verifiable)}; every field right: {right} of "
              f"{len(verifiable)}; {seconds / len(labels):.2f} s per image ({len(labels)} images)")
    if args.bundle:
        _bundle_photos(args.bundle)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
