"""Reading Accord's configuration from the environment.

Settings come from ``ACCORD_*`` environment variables with safe defaults, so that ``make run``
needs nothing beforehand while a production deployment must say what it means. Every mistake is
reported as :class:`ConfigurationError` with the variable to set, before Django starts.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

MODES = ("embedded", "production")
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql")
MAX_PROXY_COUNT = 5


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message names the variable and the fix."""


def project_root() -> Path:
    """The checkout's root when Accord runs from source, else the user's data folder."""
    source_root = Path(__file__).resolve().parents[2]
    if (source_root / "pyproject.toml").exists():
        return source_root
    return Path.home() / ".local" / "share" / "accord"


def env_flag(name: str, environ: dict[str, str] | None = None) -> bool:
    """Read a yes/no variable strictly: a typo must not silently switch debug mode on."""
    raw = (environ if environ is not None else os.environ).get(name, "").strip().lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ConfigurationError(
        f"{name}={raw!r} is not understood: set it to one of 1, true, yes, on, 0, false, no, off"
    )


def debug(environ: dict[str, str] | None = None) -> bool:
    """Django's debug pages, refused in production: they show settings and code to whoever errs."""
    env = environ if environ is not None else os.environ
    wanted = env_flag("ACCORD_DEBUG", env)
    if wanted and mode(env) == "production":
        raise ConfigurationError(
            "ACCORD_DEBUG is refused in production mode: unset it "
            "(debug pages show the settings and the code to anyone who causes an error)"
        )
    return wanted


def proxy_count(environ: dict[str, str] | None = None) -> int:
    """How many reverse proxies stand in front of Accord (0: clients connect directly).

    Only when this says a proxy is there are the headers it adds believed (X-Forwarded-Proto for
    HTTPS, X-Forwarded-For for the client's address); without a proxy any client could send them.
    """
    raw = (environ if environ is not None else os.environ).get("ACCORD_PROXY_COUNT", "").strip()
    if not raw:
        return 0
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) > MAX_PROXY_COUNT:
        raise ConfigurationError(
            f"ACCORD_PROXY_COUNT={raw!r} is not understood: set it to the number of reverse proxies "
            f"in front of Accord, 0 to {MAX_PROXY_COUNT} (0 or unset when clients connect directly)"
        )
    return int(raw)


def mode(environ: dict[str, str] | None = None) -> str:
    """Embedded (one machine, SQLite, generated key) or production (everything explicit)."""
    value = (environ if environ is not None else os.environ).get("ACCORD_MODE", "embedded")
    value = value.strip().lower()
    if value not in MODES:
        raise ConfigurationError(
            f"ACCORD_MODE={value!r} is not understood: set it to 'embedded' or 'production'"
        )
    return value


def data_dir(environ: dict[str, str] | None = None) -> Path:
    """Where the SQLite file, the generated secret key and collected static files live."""
    raw = (environ if environ is not None else os.environ).get("ACCORD_DATA_DIR")
    return Path(raw).expanduser().resolve() if raw else project_root() / "var"


def private_folder(path: Path) -> Path:
    """The data folder, made if missing, readable and writable by its owner only (0700): it holds the
    database, the secret key and the uploaded files of classified records.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(path, 0o700)
    return path


def private_sqlite_file(path: Path) -> None:
    """The SQLite file (created empty if missing) and its -wal and -shm companions: owner only (0600).

    SQLite gives the companions the database file's own permissions when it creates them, so a
    database created 0600 keeps them private too; files made earlier are corrected here.
    """
    if str(path) in ("", ":memory:") or str(path).startswith("file:"):
        return
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for companion in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists():
            owner_only(companion, 0o600)


def owner_only(path: Path, mode: int) -> None:
    """Set ``mode`` on a file or folder of ours (another user's cannot be changed, and is left)."""
    status = path.stat()
    if status.st_uid == os.getuid() and (status.st_mode & 0o777) != mode:
        path.chmod(mode)


def database_url(environ: dict[str, str] | None = None) -> str:
    """The database to use; defaults to the SQLite file in the data folder."""
    env = environ if environ is not None else os.environ
    url = env.get("ACCORD_DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{data_dir(env) / 'accord.sqlite3'}"
    scheme = urlsplit(url).scheme
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ConfigurationError(
            f"ACCORD_DATABASE_URL has scheme {scheme or '(none)'!r}: set it to "
            "sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/NAME"
        )
    return url


def secret_key(environ: dict[str, str] | None = None) -> str:
    """The signing key: required in production, generated once and kept in embedded mode."""
    env = environ if environ is not None else os.environ
    given = env.get("ACCORD_SECRET_KEY", "").strip()
    if given:
        if len(given) < 32:
            raise ConfigurationError("ACCORD_SECRET_KEY is too short: use at least 32 random characters")
        return given
    if mode(env) == "production":
        raise ConfigurationError(
            "ACCORD_SECRET_KEY is required in production mode: set it to a long random string "
            "(for example the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    return stored_secret_key(data_dir(env) / "secret_key")


def stored_secret_key(path: Path) -> str:
    """Generate the embedded key on first run, readable only by its owner, and reuse it after."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def audit_key(environ: dict[str, str] | None = None) -> str:
    """The key of the change records' chain: required in production, generated once in embedded mode.

    It is a key of its own, not the secret key: the secret key signs sessions and links and is
    replaced whenever it may have leaked, at the cost of logging everyone out, while the audit key
    must stay the same for the life of the chain (records hashed under another key no longer
    verify). Two keys also mean an auditor can hold the audit key to verify a copy of the
    database without being able to sign sessions, and a leaked secret key does not let anyone
    rewrite the chain.
    """
    env = environ if environ is not None else os.environ
    given = env.get("ACCORD_AUDIT_KEY", "").strip()
    if given:
        if len(given) < 32:
            raise ConfigurationError("ACCORD_AUDIT_KEY is too short: use at least 32 random characters")
        if given == env.get("ACCORD_SECRET_KEY", "").strip():
            raise ConfigurationError(
                "ACCORD_AUDIT_KEY must differ from ACCORD_SECRET_KEY: generate a key of its own"
            )
        return given
    if mode(env) == "production":
        raise ConfigurationError(
            "ACCORD_AUDIT_KEY is required in production mode: set it to a long random string other than "
            "ACCORD_SECRET_KEY and keep a copy (for example the output of: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    return stored_secret_key(data_dir(env) / "audit_key")


def allowed_hosts(environ: dict[str, str] | None = None) -> list[str]:
    """Host names Accord answers to; loopback only unless told otherwise."""
    raw = (environ if environ is not None else os.environ).get("ACCORD_ALLOWED_HOSTS", "")
    hosts = [host.strip() for host in raw.split(",") if host.strip()]
    return hosts or ["127.0.0.1", "localhost", "[::1]", "testserver"]
