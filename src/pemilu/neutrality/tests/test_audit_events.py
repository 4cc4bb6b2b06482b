"""The audit rows of the socialisation events (issue 18 item 8): the real actions, their rows checked."""

from __future__ import annotations

import datetime

from pemilu.asn.actions import import_employees
from pemilu.audit.models import AuditEvent
from pemilu.elections.models import Election
from pemilu.neutrality import outreach
from pemilu.testing.factories import Cast


def test_an_event_and_its_attendance_list_are_audited(cast: Cast, election: Election) -> None:
    import_employees(b"nip,nama,instansi,jabatan,jenis_kepegawaian,kode_wilayah\n"
                     b"198001012005011001,Budi Santoso,Kelurahan Persiakan,Lurah,PNS,12.76.01.1006\n",
                     actor=cast.kpu_admin_a)
    event = outreach.do_create_event(outreach.EventData(election, "12.76.01", datetime.date(2023, 11, 30),
                                                      "Aula Kantor Camat Padang Hulu", "KPU Kota Tebing Tinggi",
                                                      "ASN Kelurahan Persiakan"), actor=cast.kpu_staff_a)
    e = AuditEvent.objects.get(event_type="neutrality.event_created")
    assert (e.actor_id, e.region_code, e.target_id) == (cast.kpu_staff_a.pk, "12.76.01", str(event.pk))
    assert e.after is not None and e.after["place"] == "Aula Kantor Camat Padang Hulu"
    n = outreach.import_attendance(event, b"nama,nip\nBudi Santoso,198001012005011001\nSiti Aminah,\n",
                                  actor=cast.kpu_staff_a, filename="hadir.csv")
    e = AuditEvent.objects.get(event_type="neutrality.attendance_imported")
    assert n == 2 and (e.region_code, e.target_id) == ("12.76.01", str(event.pk))
    assert e.before == {"attendees": 0}
    assert e.after == {"attendees": 2, "file": "hadir.csv", "matched_register": 1}
