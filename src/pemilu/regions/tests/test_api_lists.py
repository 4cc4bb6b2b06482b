"""The region lists in the API are paged (one page schema, issue 18 item 7), with a query count
that does not grow with the rows."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from pemilu.accounts.actions import get_system_user
from pemilu.regions.importers import import_regions, import_tps
from pemilu.testing.factories import Cast
from pemilu.testing.ladder import client_for


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_children_and_tps_are_paged_with_constant_queries(cast: Cast) -> None:
    client = client_for(cast, "kpu_admin_a")
    children = _queries(client, "/api/v1/regions/12.76/children")       # 2 kecamatan
    tps = _queries(client, "/api/v1/regions/12.76.01.1006/tps")           # 3 TPS
    actor = get_system_user()
    import_regions(b"kode,nama,level,parent_kode,jenis\n12.76.02,Rambutan,kecamatan,12.76,\n"
                   b"12.76.03,Padang Hilir,kecamatan,12.76,\n12.76.05,Tebing Tinggi Kota,kecamatan,12.76,\n",
                   actor=actor, filename="more.csv")
    import_tps(b"kode_desa,provinsi,kabkota,kecamatan,desa_kelurahan,tps_count,tps_max_no,ext_tps_from,ext_tps_to\n"
               b"1276011006,SUMATERA UTARA,KOTA TEBING TINGGI,PADANG HULU,PERSIAKAN,7,7,,\n",
               actor=actor, filename="more-tps.csv")
    assert _queries(client, "/api/v1/regions/12.76/children") == children  # 5 kecamatan
    assert _queries(client, "/api/v1/regions/12.76.01.1006/tps") == tps      # 7 TPS
    page = client.get("/api/v1/regions/12.76/children?limit=2&offset=2").json()
    assert page["count"] == 5 and [r["code"] for r in page["items"]] == ["12.76.03", "12.76.04"]
    listed = client.get("/api/v1/regions/12.76.01.1006/tps?limit=5").json()
    assert listed["count"] == 7 and len(listed["items"]) == 5
    roots = client.get("/api/v1/regions").json()
    assert (roots["count"], roots["items"]) == (1, [client.get("/api/v1/regions/12.76").json()])
    assert client_for(cast, "kpu_admin_b").get("/api/v1/regions/12.76/children").status_code == 404
