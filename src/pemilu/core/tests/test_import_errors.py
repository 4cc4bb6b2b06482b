"""Import errors name the row (and column) in the language of whoever reads them."""

from __future__ import annotations

from django.utils import translation

from pemilu.core.exceptions import ImportFailed, RowError


def test_row_errors_in_indonesian_by_default_and_in_english() -> None:
    errors = [RowError(3, "NIK harus 16 angka", "nik"), RowError(5, "tanggal tidak dikenal")]
    assert [str(e) for e in errors] == ["baris 3, kolom nik: NIK harus 16 angka", "baris 5: tanggal tidak dikenal"]
    assert ImportFailed(errors).message.splitlines()[0] == "2 kesalahan; tidak ada data yang disimpan"
    with translation.override("en"):
        assert [str(e) for e in errors] == ["row 3, column nik: NIK harus 16 angka", "row 5: tanggal tidak dikenal"]
        failed = ImportFailed([RowError(i, "x") for i in range(2, 60)])
        lines = failed.message.splitlines()
        assert lines[0] == "58 errors; nothing was saved" and lines[-1] == "… and 8 more errors"
