"""schemathesis over the whole API (issue 17 item 4): no input, valid or not, gives a server error.

Every operation of the OpenAPI schema is called in-process through Django's WSGI handler as a KPU
administrator with a bearer token, with schema-valid (positive) and schema-breaking (negative)
examples. Path parameters are drawn both at random and from the rows the fixture builds, so the
operations reach their validation and rules, not only "not found". The example count per operation
is bounded so the whole run fits the CI budget; ``PEMILU_FUZZ_EXAMPLES`` raises it for a long run.
"""

from __future__ import annotations

import itertools
import os
import time
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from pemilu.api import api
from pemilu.testing.factories import Cast

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PEMILU_FUZZ_EXAMPLES", "12"))
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
APP = get_wsgi_application()
STATS: dict[str, list[int]] = {}


_keys = itertools.count(1)
BODY_KEYS = {"election": ["pemilu-2024"], "kab_code": ["12.76", "12.06"], "region_code": ["12.76", "12.76.01"],
             "area_code": ["12.76.01.1006", "12.76.01.1007"], "contest_kind": ["DPR", "DPRD_KABKOTA"]}


def _plant_known_values(body: dict[str, Any], world: dict[str, Any], data: st.DataObject) -> None:
    """Put rows that exist where the body names them, so a case gets past "not found" to the rules."""
    for key in list(body):
        if key in BODY_KEYS:
            body[key] = data.draw(st.sampled_from(BODY_KEYS[key]))
        elif key == "employee_id" and world["employee_ids"]:
            body[key] = data.draw(st.sampled_from(world["employee_ids"]))


def _known_path_values(rows: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        "code": ["12.76", "12.76.01", "12.76.01.1006", "12.06", "pemilu-2024"],
        "tps_code": ["12.76.01.1006.001", "12.06.01.2001.001"],
        "contest_code": ["ppwp"],
        "employee_id": rows["employee_ids"],
        "secretariat_id": rows["secretariat_ids"],
        "case_id": rows["case_ids"] or [1],
        "pk": rows["pks"],
    }


@pytest.fixture
def world(cast: Cast, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    from pemilu.accounts.actions import do_create_token, get_system_user
    from pemilu.adhoc import actions as adhoc
    from pemilu.asn.actions import import_employees
    from pemilu.asn.models import AsnEmployee
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.secretariats.actions import do_form_secretariats
    from pemilu.secretariats.models import Secretariat

    election = get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    import_employees(b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
                     b"198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01\n",
                     actor=cast.kpu_admin_a, filename="asn.csv")
    do_form_secretariats(election, "12.76", actor=cast.kpu_admin_a)
    rec = adhoc.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_admin_a)
    _token, secret = do_create_token(cast.kpu_admin_a, "fuzz", actor=cast.kpu_admin_a)
    return {
        "secret": secret,
        "employee_ids": list(AsnEmployee.objects.values_list("pk", flat=True)),
        "secretariat_ids": list(Secretariat.objects.values_list("pk", flat=True)),
        "case_ids": [],
        "pks": [rec.pk],
    }


def test_no_input_gives_a_server_error(world: dict[str, Any]) -> None:
    failures: list[str] = []
    started = time.monotonic()
    for operation in OPERATIONS:
        _fuzz(operation, world, failures)
    from collections import Counter
    for k, v in STATS.items():
        print(k, sorted(Counter(v).items()))
    assert not failures, "\n".join(failures[:10])
    assert time.monotonic() - started < 90


def _fuzz(operation: Any, world: dict[str, Any], failures: list[str]) -> None:
    known = _known_path_values(world)
    names = [p.name for p in operation.path_parameters]
    strategies = [operation.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]
    if names and all(n in known for n in names):
        fixed = st.fixed_dictionaries({n: st.sampled_from(known[n]) for n in names})
        strategies += [fixed.flatmap(lambda pp: operation.as_strategy(GenerationMode.POSITIVE, path_parameters=pp))]
        strategies += [fixed.flatmap(lambda pp: operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=pp))]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(strategies), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        if isinstance(case.body, dict) and data.draw(st.booleans()):
            _plant_known_values(case.body, world, data)
        headers = {"Authorization": f"Bearer {world['secret']}", "Idempotency-Key": str(next(_keys))}
        response = case.call(app=APP, headers=headers)
        STATS.setdefault(operation.label, []).append(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {case.method} {case.formatted_path} "
                            f"query={case.query!r} body={str(case.body)[:300]!r}")

    run()
