"""Voters on compiled lists, built through the real actions (import → coklit → compile), for the
privacy tests and the ladder."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from pemilu.core.exceptions import DomainError
from pemilu.elections.models import Election
from pemilu.testing.factories import Cast
from pemilu.voters.actions import do_compile_list, do_record_coklit
from pemilu.voters.importer import import_dp4
from pemilu.voters.models import Coklit, NotEligibleReason, Voter
from pemilu.voters.tests.conftest import CAST_DESA, dp4_csv, dp4_rows


def listed_voters(cast: Cast, election: Election, count: int = 30, *, seed: int = 7,
                  stages: tuple[str, ...] = ("dphp", "dps"), deceased: int = 0) -> list[dict[str, str]]:
    """``count`` generated voters imported into Tebing Tinggi's cast desa, each coklit'd (sesuai, or
    tidak memenuhi syarat when under age, and the first ``deceased`` as meninggal), and each desa's
    lists compiled up to the last of ``stages``.
    Returns the DP4 rows (NIK and KK in clear, as the file had them)."""
    rows = dp4_rows(count, seed=seed)
    import_dp4(dp4_csv(rows), election=election, region_code="12.76", actor=cast.kpu_staff_a, filename="dp4.csv")
    for voter in Voter.objects.filter(election=election, coklit=Coklit.PENDING).order_by("source_line")[:deceased]:
        do_record_coklit(voter, outcome=Coklit.NOT_ELIGIBLE, reason=NotEligibleReason.DECEASED,
                         evidence="surat keterangan kematian", actor=cast.kpu_staff_a)
    for voter in Voter.objects.filter(election=election, coklit=Coklit.PENDING):
        try:
            do_record_coklit(voter, outcome=Coklit.MATCHED, actor=cast.kpu_staff_a)
        except DomainError:
            do_record_coklit(voter, outcome=Coklit.NOT_ELIGIBLE, reason=NotEligibleReason.UNDER_AGE,
                             evidence="belum 17 tahun", actor=cast.kpu_staff_a)
    for desa in CAST_DESA:
        for stage in stages:
            do_compile_list(election, desa, stage, actor=cast.kpu_staff_a)
    return rows


def every_path(cast: Cast, election: Election, *, on_commit: Callable[[], AbstractContextManager[object]] | None = None
               ) -> list[dict[str, str]]:
    """Every way a NIK or KK reaches the server, through the real actions: a DP4 imported at once and
    one by the background job (its stored upload), coklit and compiled lists, a full-NIK view, and
    every export (Model A as PDF and XLSX, the parties' copy as XLSX and CSV). Returns every DP4 row.
    ``on_commit`` runs the job's on-commit hook in a test that never commits (pytest-django's
    ``django_capture_on_commit_callbacks(execute=True)``)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pemilu.core.jobs import run_queued_jobs
    from pemilu.regions.models import Region, Tps
    from pemilu.voters.actions import do_reveal_numbers, start_import_job
    from pemilu.voters.exports import do_export_model_a, do_export_party_copy
    from pemilu.voters.models import VoterImport

    rows = listed_voters(cast, election, count=60, deceased=2)
    later = dp4_rows(40, seed=11)
    with on_commit() if on_commit else nullcontext():
        start_import_job(SimpleUploadedFile("dp4-susulan.csv", dp4_csv(later)), election=election,
                         region_code="12.76", actor=cast.kpu_staff_a)
    run_queued_jobs()
    assert VoterImport.objects.filter(state="done").count() == 2, list(VoterImport.objects.values("state", "errors"))
    do_reveal_numbers(Voter.objects.order_by("pk").first(), actor=cast.kpu_staff_a,  # type: ignore[arg-type]
                      reason="pemeriksaan tanggapan")
    tps = Tps.objects.get(code="12.76.01.1006.001")
    for fmt in ("pdf", "xlsx"):
        do_export_model_a(tps, election=election, actor=cast.pps_a1, organisation="PPS Contoh", fmt=fmt)
    region = Region.objects.get(code="12.76")
    for fmt in ("xlsx", "csv"):
        do_export_party_copy(region, election=election, actor=cast.kpu_admin_a, organisation="Partai Contoh", fmt=fmt)
    return rows + later


def forms_of(number: str) -> list[bytes]:
    """The ways a number could sit in a database or a file: ASCII, UTF-16, as a 64-bit integer, and the
    masked middle with either end (a leak of the eight digits the mask hides)."""
    return [number.encode(), number.encode("utf-16-le"), int(number).to_bytes(8, "big"),
            int(number).to_bytes(8, "little"), number[:14].encode(), number[6:].encode()]
