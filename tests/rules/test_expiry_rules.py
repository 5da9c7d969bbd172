from __future__ import annotations

import datetime as dt

from tests.conftest import TODAY
from tests.rules.cases import Case, contract, passport, silent_on_contract_example


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
    *silent_on_contract_example("IPP-EXPIRY-001", "IPP-EXPIRY-002"),
]
