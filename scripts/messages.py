#!/usr/bin/env python3
"""Refresh every app's English catalogue and compile it: python scripts/messages.py

Each app keeps its own locale/en/LC_MESSAGES/django.po, so apps can be worked on in
parallel without touching one shared catalogue. Indonesian is the source language.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "pemilu"
ADMIN = Path(sys.executable).parent / "django-admin"


def main() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="pemilu.settings")
    for app in sorted(p for p in SRC.iterdir() if (p / "apps.py").exists()):
        (app / "locale").mkdir(exist_ok=True)
        subprocess.run([str(ADMIN), "makemessages", "-l", "en", "--no-obsolete", "--no-location",
                        "-i", "tests/*", "-i", "migrations/*"], cwd=app, env=env, check=True)
        subprocess.run([str(ADMIN), "compilemessages", "-l", "en"], cwd=app, env=env, check=True)


if __name__ == "__main__":
    main()
