"""The ``pemilu`` console script: Django's management commands under one name.

``pemilu --help`` lists the pemilu commands first; ``pemilu help COMMAND`` shows one.
"""

from __future__ import annotations

import os
import sys

PEMILU_COMMANDS = {
    "regions": "import the Kemendagri region list (wilayah)",
    "tps": "import TPS counts per village",
    "audit": "verify the audit hash chains",
    "demo": "load the Kota Tebing Tinggi demo (idempotent)",
    "serve": "run the production server (gunicorn)",
    "worker": "run the background jobs (documents, large imports)",
    "createtoken": "create an API token for a user",
    "asn": "import the ASN register (CSV/XLSX)",
    "schedule": "election stages: load, import, export, check, now",
    "seats": "seat allocation (Sainte-Laguë, threshold, elected candidates)",
    "neutrality": "ASN neutrality: case deadlines report, attendance import",
    "results": "C.Hasil import, tiered recap, dapil/party reference data, check catalogue",
    "voters": "voter files: NIK/KK check, synthetic voter generator",
    "candidates": "candidate lists: check the women's quota, one-in-three and seat rules",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pemilu.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        import django
        from django.core.management import get_commands

        django.setup()
        names = sorted(n for n, app in get_commands().items() if app.startswith("pemilu."))
        print("pemilu — administrasi pemilu / election administration\n")
        print("Usage: pemilu COMMAND [options]   (pemilu help COMMAND for details)\n")
        print("pemilu commands:")
        for name in names:
            print(f"  {name:<14} {PEMILU_COMMANDS.get(name, '')}")
        print("\nDjango commands (migrate, createsuperuser, shell, …): pemilu help --commands")
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pemilu", *args])


if __name__ == "__main__":
    main()
