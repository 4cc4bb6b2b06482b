"""A web worker in its own process, for ``test_cross_process_reference.py``.

It starts as a gunicorn worker does (``post_worker_init`` loads the reference data a submission
needs, the dapil map included), says ``ready``, then for each JSON line read from stdin —
``{"path": …, "body": {…}, "token": …}`` — posts one C.Hasil to the API through Django's
request handling and prints ``{"status": …, "body": …}``. It is never restarted between lines:
what it accepts after another process imported reference data is what a running worker accepts.
"""

from __future__ import annotations

import json
import os
import sys
import uuid


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    django.setup()
    from django.test import Client

    from pemilu.results import dapil
    from pemilu.results.ingest import warm_reference

    if sys.argv[1:2] == ["--area-seconds"]:  # the dapil map's time to live, shortened for the test
        dapil.AREA_SECONDS = float(sys.argv[2])
    warm_reference()
    print("ready", flush=True)
    client = Client()
    for line in sys.stdin:
        request = json.loads(line)
        response = client.post(request["path"], request["body"], content_type="application/json",
                               headers={"Authorization": f"Bearer {request['token']}",
                                        "Idempotency-Key": uuid.uuid4().hex})
        print(json.dumps({"status": response.status_code, "body": response.json()}), flush=True)


if __name__ == "__main__":
    main()
