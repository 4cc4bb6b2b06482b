import pytest
from django.core.management import call_command
from django.db import transaction

from pemilu.accounts.models import ApiToken
from pemilu.audit.models import AuditEvent
from pemilu.testing.factories import Cast


def test_it_creates_a_token_once_and_stores_only_its_hash(cast: Cast, capsys, client) -> None:
    call_command("createtoken", cast.ppk_a1.username, "laptop")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=cast.ppk_a1)
    assert raw.startswith("pml_") and raw not in token.key_hash
    assert AuditEvent.objects.filter(event_type="accounts.token_created").exists()
    assert client.get("/api/v1/regions/12.76.01", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


@pytest.mark.django_db
def test_it_refuses_unknown_users() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="tidak dikenal"):
        call_command("createtoken", "ghost", "x")


def test_a_revoked_token_stops_working(cast: Cast, client, django_capture_on_commit_callbacks) -> None:
    from pemilu.accounts.actions import do_create_token, do_revoke_token

    token, raw = do_create_token(cast.ppk_a1, "phone", actor=cast.ppk_a1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/regions/12.76.01", **auth).status_code == 200
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        do_revoke_token(token, actor=cast.ppk_a1)
    assert client.get("/api/v1/regions/12.76.01", **auth).status_code == 401
