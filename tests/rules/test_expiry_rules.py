from __future__ import annotations

import datetime as dt

from functools import cache

from tests import docgen
from tests.conftest import TODAY
from tests.rules.cases import Case, contract, passport, silent_on_contract_example, silent_on_passport_example


@cache
def _passport_image(expiry: str = "320415", broken_check_digit: bool = False) -> bytes:
    person = docgen.Person(expiry=expiry)
    line1, line2 = docgen.td3_mrz(person)
    if broken_check_digit:
        line2 = line2[:9] + str((int(line2[9]) + 1) % 10) + line2[10:]
    return docgen.jpeg_bytes(docgen.passport(person, mrz=(line1, line2)))


def _passport_file(expiry: str = "320415", broken_check_digit: bool = False, declared: str | None = "keep"):
    def change(manifest, files):
        files["identity/passport.jpg"] = _passport_image(expiry, broken_check_digit)
        if declared is None:
            manifest["documents"][0].pop("expires_on")
        elif declared != "keep":
            manifest["documents"][0]["expires_on"] = declared

    return change


def _expires(days_from_today: int):
    def change(manifest, files):
        manifest["documents"][0]["expires_on"] = (TODAY + dt.timedelta(days=days_from_today)).isoformat()

    return change


CASES = [
    Case("IPP-EXPIRY-001", passport(_expires(-1)), message="1 days ago"),
    Case("IPP-EXPIRY-001", contract(_expires(-400)), message="business registration expired"),
    Case("IPP-EXPIRY-002", passport(_expires(30)), message="in 30 days"),
    Case("IPP-EXPIRY-002", passport(_expires(60)), message="in 60 days"),
    Case("IPP-EXPIRY-002", passport(_expires(61)), fires=False),
    Case("IPP-EXPIRY-002", passport(_expires(30)), settings={"expiry_warning_days": 10}, fires=False),
    Case("IPP-EXPIRY-001", passport(_expires(0)), fires=False),
    Case("IPP-EXPIRY-001", passport(), fires=False),
    Case("IPP-EXPIRY-003", passport(_passport_file("200131", declared=None)), message="2020-01-31"),
    Case("IPP-EXPIRY-003", passport(_passport_file("200131", declared="2020-01-31")), fires=False),
    Case("IPP-EXPIRY-004", passport(_passport_file(declared="2031-01-01")), message="2032-04-15"),
    Case("IPP-EXPIRY-005", passport(_passport_file(broken_check_digit=True)), message="check digits"),
    *silent_on_contract_example(*(f"IPP-EXPIRY-00{n}" for n in range(1, 6))),
    *silent_on_passport_example(*(f"IPP-EXPIRY-00{n}" for n in range(1, 6))),
]
