"""The candidacy pages read their posts through forms (issue 18 item 9): every bad value of every
row of the list form is named with its row and column, in Indonesian, and nothing is stored
(before, the first bad date stopped the form with a message that named no row)."""

from __future__ import annotations

from pemilu.candidacy.models import CandidateList
from pemilu.candidacy.tests.test_pages import form_rows, login
from pemilu.candidacy.tests.world import World
from pemilu.testing.factories import Cast


def test_every_bad_date_of_the_list_form_is_named_by_row(world: World, cast: Cast) -> None:
    party = login(world.liaison_golkar)
    bad = party.post("/pencalonan/ajukan/", {"party": world.golkar.pk, "dapil": world.dapil.pk, **form_rows("LPL"),
                                            "c1-birth_date": "1990-02-30", "c3-decree_date": "kemarin"})
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "baris 1, kolom tanggal_lahir: Masukkan tanggal yang valid." in page
    assert "baris 3, kolom tanggal_sk: Masukkan tanggal yang valid." in page
    assert not CandidateList.objects.exists()
