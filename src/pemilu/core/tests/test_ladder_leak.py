"""The ladder's leak check (``pemilu.testing.ladder``): what counts as another region's value."""

from __future__ import annotations

from pemilu.testing.factories import Cast
from pemilu.testing.ladder import foreign_values, leaked, values_by_kab


def test_the_other_kab_kotas_codes_names_and_people_are_foreign(cast: Cast) -> None:
    by_kab = values_by_kab()
    for_a = foreign_values(cast.kpu_admin_a, by_kab)
    assert {"12.06", "Kabupaten Karo", "Kabanjahe", "Kacaribu", "12.06.01.2001.001", "kpu_admin_b"} <= for_a
    assert not {"Sumatera Utara", "Persiakan", "12.76", "kpu_admin_a"} & for_a  # the province is shared
    assert {"Persiakan", "12.76.01.1006.001", "Kota Tebing Tinggi"} <= foreign_values(cast.kpu_admin_b, by_kab)
    assert {"Persiakan", "Kacaribu"} <= foreign_values(cast.nobody, by_kab)


def test_a_code_is_matched_as_a_code_and_echoes_and_hints_are_not_leaks() -> None:
    assert leaked('{"region": "12.06"}', {"12.06"}) == ["12.06"]
    assert leaked("<td>12.06.01 Kabanjahe</td>", {"12.06", "Kabanjahe"}) == ["12.06", "Kabanjahe"]
    assert leaked("diubah 4 Des 2026, 12.06 WIB", {"12.06"}) == []  # a time of day
    assert leaked('<input placeholder="mis. 12.06">', {"12.06"}) == []  # a form hint
    assert leaked('<a href="/wilayah/12.06/">', {"12.06"}, sent="/wilayah/12.06/") == []  # the request's own URL
