"""schemathesis over the whole API (issue 17 item 4): no input, valid or not, gives a server error.

Every operation of the OpenAPI schema is called in-process through Django's WSGI handler as a KPU
administrator with a bearer token, with schema-valid (positive) and schema-breaking (negative)
examples. Path parameters and the body fields that name a row are drawn both at random and from
the rows the fixture builds, so the operations reach their rules, not only "not found". The example
count per operation is bounded (derandomised, so CI runs the same cases each time) to keep the run
inside the CI budget; ``PEMILU_FUZZ_EXAMPLES=200`` runs a long search locally.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from pemilu.api import api
from pemilu.testing.factories import Cast

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PEMILU_FUZZ_EXAMPLES", "10"))
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [op for result in SCHEMA.get_all_operations() if (op := result.ok()) is not None]  # type: ignore[union-attr]
APP = get_wsgi_application()
ELECTION = "pemilu-2024"
PATH_VALUES: dict[str, list[Any]] = {
    "code": ["12.76", "12.76.01", "12.76.01.1006", "12.06", ELECTION],
    "region_code": ["12.76", "12.76.01", "12.76.01.1006", "12.06"],
    "election_code": [ELECTION],
    "tps_code": ["12.76.01.1006.001", "12.06.01.2001.001"],
    "contest_code": ["ppwp"],
}
BODY_VALUES: dict[str, list[Any]] = {
    "election": [ELECTION], "kab_code": ["12.76", "12.06"], "region_code": ["12.76", "12.76.01"],
    "area_code": ["12.76.01.1006", "12.76.01.1007"], "contest_kind": ["DPR", "DPRD_KABKOTA"],
}
_keys = itertools.count(1)


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Like Django's test client: the WSGI handler's request signals must not close the test's
    connection (it is inside the test transaction; PostgreSQL would lose it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(cast: Cast, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """A token of KPU Kota Tebing Tinggi's administrator and one row of each kind the API reads."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from pemilu.accounts.actions import do_create_token, get_system_user
    from pemilu.adhoc import actions as adhoc
    from pemilu.asn.actions import import_employees
    from pemilu.elections.demo import get_or_create_pemilu_2024
    from pemilu.results.reference import do_setup_ppwp
    from pemilu.secretariats.actions import do_form_secretariats
    from pemilu.secretariats.models import Secretariat

    election = get_or_create_pemilu_2024()
    do_setup_ppwp(election, actor=get_system_user())
    employees = import_employees(
        b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
        b"198104232006042011,Nurhayati Siregar,Kecamatan Padang Hulu,Sekretaris Camat,PNS,12.76.01\n",
        actor=cast.kpu_admin_a, filename="asn.csv")
    assert employees.created == 1
    do_form_secretariats(election, "12.76", actor=cast.kpu_admin_a)
    rec = adhoc.do_create_recruitment(election, "pps", "12.76", actor=cast.kpu_admin_a)
    _token, secret = do_create_token(cast.kpu_admin_a, "fuzz", actor=cast.kpu_admin_a)
    from pemilu.asn.models import AsnEmployee

    return {
        "secret": secret,
        "path": {**PATH_VALUES, "pk": [rec.pk], "recruitment_id": [rec.pk],
                 "employee_id": list(AsnEmployee.objects.values_list("pk", flat=True)),
                 "secretariat_id": list(Secretariat.objects.values_list("pk", flat=True)[:3])},
        "employee_ids": list(AsnEmployee.objects.values_list("pk", flat=True)),
    }


def _plant(body: dict[str, Any], world: dict[str, Any], data: st.DataObject) -> None:
    """Put rows that exist where the body names them, so a case gets past "not found"."""
    for key in list(body):
        if key in BODY_VALUES:
            body[key] = data.draw(st.sampled_from(BODY_VALUES[key]))
        elif key == "employee_id":
            body[key] = data.draw(st.sampled_from(world["employee_ids"]))


def _is_error_out(response: Any) -> bool:
    """Every 4xx of the API is ``{"detail": str, "code": str, "errors": [...]}`` (core/api.py)."""
    try:
        body = response.json()
    except ValueError:
        return False
    return (isinstance(body, dict) and isinstance(body.get("detail"), str) and isinstance(body.get("code"), str)
            and isinstance(body.get("errors"), list))


def _with_path(operation: Any, mode: GenerationMode) -> Any:
    def strategy(path_parameters: dict[str, Any]) -> Any:
        return operation.as_strategy(mode, path_parameters=path_parameters)
    return strategy


def _fuzz(operation: Any, world: dict[str, Any], statuses: Counter[str], failures: list[str]) -> None:
    known: dict[str, list[Any]] = world["path"]
    names = [p.name for p in operation.path_parameters]
    strategies = []
    if names and all(n in known for n in names):
        fixed = st.fixed_dictionaries({n: st.sampled_from(known[n]) for n in names})
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategies.append(fixed.flatmap(_with_path(operation, mode)))
    strategies += [operation.as_strategy(mode) for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)]

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(strategies), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        if isinstance(case.body, dict) and data.draw(st.booleans()):
            _plant(case.body, world, data)
        headers = {"Authorization": f"Bearer {world['secret']}", "Idempotency-Key": f"fuzz-{next(_keys)}"}
        response = case.call(app=APP, headers=headers)
        statuses[f"{response.status_code // 100}xx"] += 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {case.method} {case.formatted_path} "
                            f"query={case.query!r} body={str(case.body)[:300]!r}")
        elif response.status_code >= 400 and not _is_error_out(response):
            failures.append(f"{response.status_code} not in the ErrorOut shape: {case.method} "
                            f"{case.formatted_path} {response.content[:200]!r}")

    run()


def test_no_input_to_any_api_operation_gives_a_server_error(world: dict[str, Any], keep_connection: None) -> None:
    assert len(OPERATIONS) >= 40  # the whole API, not a subset
    started = time.monotonic()
    statuses: Counter[str] = Counter()
    failures: list[str] = []
    for operation in OPERATIONS:
        _fuzz(operation, world, statuses, failures)
    elapsed = time.monotonic() - started
    print(f"schemathesis: {len(OPERATIONS)} operations, {sum(statuses.values())} requests "  # noqa: T201
          f"({dict(statuses)}) in {elapsed:.1f} s")
    assert not failures, "\n".join(failures[:20])
    assert statuses["2xx"] and statuses["4xx"]  # it reached both the rules and the validation
