"""No raw identifiers on the pages (issue 20 item 8): what the detectors of
``pemilu.testing.crawl`` catch and what they let through."""

from __future__ import annotations

from pemilu.testing.crawl import Vocabulary, raw_identifiers, read_page

VOCAB = Vocabulary(event_types={"results.entered"}, enum_values={"not_met", "first_entry"},
                   contest_codes={"ppwp", "dpd-12"})


def found(html: str) -> list[str]:
    text, _links = read_page(f"<html><head><title>results.entered</title></head><body>{html}</body></html>")
    return sorted({f.split(" ")[0] + " " + f.split(" ")[1] for f in raw_identifiers(text, VOCAB)})


def test_each_kind_of_raw_identifier_is_caught() -> None:
    assert found("<td><code>results.entered</code></td>") == ["event type"]
    assert found("<p>Hasil: not_met</p>") == ["enum value"]
    assert found("<a href='/hasil/rekap/ppwp/12.76/'>ppwp</a> dpd-12") == ["contest code"]
    assert found("<pre>{'status': 'accepted'}</pre>") == ["repr \"{'status':"]
    assert found("<h1>KOTA KOTA TEBING TINGGI</h1>") == ["doubled kind"]
    assert found("<td class='num'>13895</td>") == ["number without"]


def test_words_codes_and_formatted_numbers_pass() -> None:
    assert found("<td>C.Hasil diisi</td><td>Pilpres</td><td>DPD Sumatera Utara</td>") == []
    assert found("<td>13.895</td><td>1,560</td><td>2024</td><td>14-02-2024 07:00</td>") == []
    assert found("<code>12.76.01.1001.001</code> <code>1101</code> NIK 127605********75") == []
    assert found("<p>nilai <code>non_asn_apbd</code> pada kolom status</p>") == []
    assert found("<script>var x = {'a': 1}; results.entered</script><a href='/hasil/ppwp/'>Pilpres</a>") == []
    assert found("<p>Kota Tebing Tinggi</p><p>ppwp-extra</p>") == []
