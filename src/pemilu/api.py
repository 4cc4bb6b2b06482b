"""The JSON API at /api/ (django-ninja). One router per app; docs served locally at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from pemilu.core.auth import TokenAuth
from pemilu.core.exceptions import DomainError, ImportFailed

api = NinjaAPI(
    title="pemilu API",
    version="1",
    description="Administrasi pemilu / election administration. Auth: session cookie or `Authorization: Bearer`.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, object] = {"detail": exc.message}
    if isinstance(exc, ImportFailed):
        body["errors"] = [{"row": e.row, "column": e.column, "message": e.message} for e in exc.errors]
    return api.create_response(request, body, status=exc.status)


def register_routers() -> None:
    from pemilu.regions.api import router as regions_router

    api.add_router("/", regions_router)
    from pemilu.accounts.api import router as accounts_router
    api.add_router("/", accounts_router)
    from pemilu.asn.api import router as asn_router
    api.add_router("/", asn_router)
    from pemilu.seats.api import router as seats_router
    api.add_router("/", seats_router)
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
    from pemilu.adhoc.api import router as adhoc_router
    api.add_router("/", adhoc_router)


register_routers()
