"""The JSON API at /api/v1/ (django-ninja). One router per app; docs served locally at /api/v1/docs,
the schema at /api/v1/openapi.json. The shared conventions (errors, pages) are in ``core/api.py``."""

from __future__ import annotations

from ninja.security import django_auth

from pemilu.core.api import PemiluAPI
from pemilu.core.auth import TokenAuth

api = PemiluAPI(
    title="pemilu API",
    version="1",
    description="Administrasi pemilu / election administration. Auth: session cookie or `Authorization: Bearer`.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


def register_routers() -> None:
    from pemilu.regions.api import router as regions_router

    api.add_router("/", regions_router)
    from pemilu.accounts.api import router as accounts_router
    api.add_router("/", accounts_router)
    from pemilu.asn.api import router as asn_router
    api.add_router("/", asn_router)
    from pemilu.seats.api import router as seats_router
    api.add_router("/", seats_router)
    from pemilu.seats.api_recap import router as seats_recap_router
    api.add_router("/", seats_recap_router)
    from pemilu.schedule.api import router as schedule_router

    api.add_router("/", schedule_router)
    from pemilu.neutrality.api import router as neutrality_router
    api.add_router("/", neutrality_router)
    from pemilu.neutrality.api_intake import router as neutrality_intake_router
    api.add_router("/", neutrality_intake_router)
    from pemilu.neutrality.api_outreach import router as neutrality_outreach_router
    api.add_router("/", neutrality_outreach_router)
    from pemilu.secretariats.api import router as secretariats_router
    api.add_router("/", secretariats_router)
    from pemilu.secretariats.api_members import router as secretariats_members_router
    api.add_router("/", secretariats_members_router)
    from pemilu.results.api_batch import router as results_batch_router
    api.add_router("/", results_batch_router)  # before results: /results/batch is not /results/{tps}/{contest}
    from pemilu.results.api import router as results_router
    api.add_router("/", results_router)
    from pemilu.results.api_forms import router as results_forms_router
    api.add_router("/", results_forms_router)
    from pemilu.results.api_plenary import router as results_plenary_router
    api.add_router("/", results_plenary_router)
    import pemilu.adhoc.api_ops  # noqa: F401 - its writes are on the adhoc router
    from pemilu.adhoc.api import router as adhoc_router
    api.add_router("/", adhoc_router)
    import pemilu.voters.api_flow  # noqa: F401 - the DPS → DPT flow's operations are on the voters router
    import pemilu.voters.api_privacy  # noqa: F401 - its operations are on the voters router
    from pemilu.voters.api import router as voters_router
    api.add_router("/", voters_router)
    from pemilu.voters.api_duplicates import router as voters_duplicates_router
    api.add_router("/", voters_duplicates_router)
    from pemilu.candidacy.api import router as candidacy_router
    api.add_router("/", candidacy_router)
    from pemilu.candidacy.api_ballot import router as candidacy_ballot_router
    api.add_router("/", candidacy_ballot_router)
    from pemilu.voters.api_coklit import router as voters_coklit_router
    api.add_router("/", voters_coklit_router)
    from pemilu.voters.api_tps import router as voters_tps_router
    api.add_router("/", voters_tps_router)
    from pemilu.candidacy.api_dpd import router as candidacy_dpd_router
    api.add_router("/", candidacy_dpd_router)
    from pemilu.candidacy.api_documents import router as candidacy_documents_router
    api.add_router("/", candidacy_documents_router)


register_routers()
