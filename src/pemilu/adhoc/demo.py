"""Demo: the PPS recruitment for Pemilu 2024 in Kota Tebing Tinggi (12.76), registration open,
with deterministic synthetic applicants in its 35 kelurahan; Kelurahan Pelita (12.76.04.1002)
has only 2 (the real case: at least 6 are needed for 3 seats). Names are invented."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from pemilu.accounts.models import User
from pemilu.adhoc.models import Recruitment

PELITA = "12.76.04.1002"
FIRST_M = ["Ahmad", "Budi", "Dedi", "Fajar", "Hendra", "Irfan", "Joko", "Rizky", "Syahputra", "Teguh", "Wahyu",
           "Yusuf", "Andi", "Rudi", "Hasan"]
FIRST_F = ["Ayu", "Dewi", "Fitri", "Indah", "Lestari", "Mawar", "Nurul", "Putri", "Rahma", "Sari", "Wulan",
           "Yanti", "Rina", "Siti", "Tika"]
LAST = ["Lubis", "Nasution", "Siregar", "Harahap", "Hasibuan", "Tarigan", "Ginting", "Sinaga", "Damanik",
        "Simatupang", "Pohan", "Rangkuti", "Batubara", "Saragih", "Purba"]


def demo_pdf(label: str = "dokumen") -> bytes:
    """A minimal, valid one-page PDF (the same bytes each time: stored once, content-addressed)."""
    content = f"BT /F1 12 Tf 72 720 Td (Dokumen demo {label}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def synthetic_nik(area_code: str, i: int, birth: datetime.date, female: bool) -> str:
    """NIK shape: 6-digit kecamatan code, DDMMYY (day + 40 for women), 4-digit serial."""
    kec = area_code.replace(".", "")[:6]
    day = birth.day + (40 if female else 0)
    return f"{kec}{day:02d}{birth:%m%y}{(int(area_code[-4:]) * 10 + i) % 10000:04d}"


def register_synthetic(rec: Recruitment, actor: User, *, per_area: int = 8, pelita: int = 2) -> int:
    """Deterministic applicants (seed: the area code) registered through the real action, each with
    its KTP, ijazah, surat pernyataan and surat sehat; returns how many were added."""
    from pemilu.adhoc import actions
    from pemilu.adhoc.models import Applicant, ApplicantDocument

    pdf = demo_pdf()
    added = 0
    for area in rec.areas.order_by("code"):
        want = pelita if area.code == PELITA else per_area
        have = Applicant.objects.filter(area=area).count()
        rnd = random.Random(area.code)
        for i in range(want):
            female = rnd.random() < 0.45
            birth = datetime.date(1970 + rnd.randrange(0, 33), rnd.randrange(1, 13), rnd.randrange(1, 29))
            name = f"{rnd.choice(FIRST_F if female else FIRST_M)} {rnd.choice(LAST)}"
            if i < have:
                continue
            data = actions.ApplicantData(
                area_code=area.code, nik=synthetic_nik(area.code, i, birth, female), name=name,
                gender="P" if female else "L", birth_date=birth, domicile_code=area.desa_code or area.code,
                education=rnd.choice([3, 3, 3, 4, 5, 5, 6]), birth_place="Tebing Tinggi",
                address=f"Jl. Demo No. {i + 1}, {area.name}", phone=f"0812{rnd.randrange(10**7, 10**8)}",
                sentence_years=0, health="fit")
            a = actions.do_register(rec, data, actor=actor)
            for kind in ("ktp", "ijazah", "pernyataan", "sehat"):
                if not ApplicantDocument.objects.filter(applicant=a, kind=kind).exists():
                    actions.do_upload_document(a, kind, f"{kind}.pdf", pdf, actor=actor)
            added += 1
    return added


def load(actor: User, out: Callable[[str], None]) -> None:
    from pemilu.adhoc import actions
    from pemilu.adhoc.models import Recruitment, RecruitmentStatus
    from pemilu.elections.demo import get_or_create_pemilu_2024

    election = get_or_create_pemilu_2024()
    rec = Recruitment.objects.filter(election=election, body="pps", region_id="12.76").first()
    if rec is None:
        rec = actions.do_create_recruitment(election, "pps", "12.76", actor=actor)
    if rec.status == RecruitmentStatus.DRAFT:
        # The schedule's PPS window lies in 2022; the demo opens a window around today so the
        # pages can be tried (the office may set its own dates; the audit row keeps both).
        from pemilu.adhoc import queries

        today = queries.today(election)
        rec = actions.do_open_registration(rec, actor=actor, start=today - datetime.timedelta(days=3),
                                           end=today + datetime.timedelta(days=6))
    n = register_synthetic(rec, actor) if rec.status == RecruitmentStatus.REGISTRATION else 0
    out(f"Rekrutmen PPS Kota Tebing Tinggi: {rec.areas.count()} kelurahan, {n} pelamar baru "
        f"(Kelurahan Pelita: 2 pendaftar)")
