#!/usr/bin/env python3
"""Set-up commands for pemilu; needs only Python 3.11+.

    python3 tasks.py demo   # virtualenv + install + migrate + demo data, then serve http://127.0.0.1:8000
                            # (with `pemilu worker` beside it for the background jobs)
    python3 tasks.py test   # virtualenv + install + the whole test suite (SQLite, or DATABASE_URL)

Both create ./.venv on first use and reinstall only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 (this script runs under whatever python3 the user has)
        sys.exit("pemilu needs Python 3.11 or newer")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    target = f".[{extras}]" if extras else "."
    run(PY, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target)
    stamp.write_text(digest)


# Debian packages the tests drive: the browser, and poppler's pdftoppm/pdftotext for PDF checks.
SYSTEM_TOOLS = {"chromium": Path(os.environ.get("PEMILU_CHROMIUM", "/usr/bin/chromium")),
                "poppler-utils": Path("/usr/bin/pdftotext")}


def ensure_system_tools() -> None:
    """Install the missing test tools when we can (root on Debian); otherwise say what is missing."""
    missing = [pkg for pkg, path in SYSTEM_TOOLS.items() if not path.exists()]
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", *missing)
    else:
        print(f"WARNING: missing {', '.join(missing)}; browser/PDF tests will fail or skip. "
              f"Install them with: sudo apt-get install {' '.join(missing)}", file=sys.stderr)


# The demo shows Kota Tebing Tinggi during the recapitulation of Pemilu 2024: every stage guard and
# deadline reads this day (PEMILU_TODAY, src/pemilu/core/clock.py) unless the environment sets another.
DEMO_TODAY = "2024-02-19"
# The demo's voter list seals NIK/KK under this key (demo only: a real deployment sets its own secret).
DEMO_VOTER_KEY = "demo-only-voter-key-not-a-secret-0123456789"  # noqa: S105


def demo(args: list[str]) -> None:
    ensure_venv("")
    pemilu = BIN / "pemilu"
    os.environ.setdefault("PEMILU_TODAY", DEMO_TODAY)
    os.environ.setdefault("PEMILU_VOTER_KEY", DEMO_VOTER_KEY)
    print(f"+ PEMILU_TODAY={os.environ['PEMILU_TODAY']}", flush=True)
    run(pemilu, "migrate", "--noinput", "-v", "0")
    run(pemilu, "demo")
    address = args[0] if args else "127.0.0.1:8000"
    # The background jobs (announcement PDFs, large imports) run in `pemilu worker`, beside the server.
    print(f"+ {pemilu} worker  (background jobs)", flush=True)
    worker = subprocess.Popen([str(pemilu), "worker"], cwd=ROOT)
    print(f"\nhttp://{address}  (Ctrl+C to stop)\n", flush=True)
    try:
        run(pemilu, "runserver", "--noreload", address, *args[1:])
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def test(args: list[str]) -> None:
    ensure_venv("test")
    ensure_system_tools()
    env = dict(os.environ)
    env.setdefault("PEMILU_VAR_DIR", str(ROOT / "var" / "test"))
    workers = env.get("PEMILU_TEST_WORKERS", "2")
    parallel = ["-n", workers] if workers not in ("0", "1") else []
    run(PY, "-m", "pytest", "-q", *parallel, *args, env=env)


COMMANDS = {"demo": demo, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    try:
        COMMANDS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        sys.exit(130)
