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


def monitoring_folders(data_dir: Path, environ: dict[str, str] | None = None) -> list[Path]:
    """The folders monitoring may read (watched folders, feed files): ``ACCORD_MONITORING_FOLDERS``
    (paths separated by the system's path separator), else ``DATA_DIR/monitoring`` alone."""
    raw = (environ if environ is not None else os.environ).get("ACCORD_MONITORING_FOLDERS", "")
    folders = [Path(part).expanduser().resolve() for part in raw.split(os.pathsep) if part.strip()]
    return folders or [data_dir / "monitoring"]


MAX_MONITORING_READERS = 16


def monitoring_readers(environ: dict[str, str] | None = None) -> int:
    """How many processes read a fetch's texts (``ACCORD_MONITORING_READERS``; default one per core,
    at most two: the worker that stores them needs a core too). 1 reads them in the worker itself."""
    raw = (environ if environ is not None else os.environ).get("ACCORD_MONITORING_READERS", "").strip()
    if not raw:
        return max(1, min(2, os.cpu_count() or 1))
    if not re.fullmatch(r"[0-9]+", raw) or not 1 <= int(raw) <= MAX_MONITORING_READERS:
        raise ConfigurationError(
            f"ACCORD_MONITORING_READERS={raw!r} is not understood: set it to the number of processes "
            f"that read fetched texts, 1 to {MAX_MONITORING_READERS} (1: read in the job worker itself)"
        )
    return int(raw)


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


DEFAULT_EMAIL_PORT = 587
DEFAULT_EMAIL_FROM = "accord@localhost"
EMAIL_TIMEOUT_SECONDS = 30


def email_settings(environ: dict[str, str] | None = None) -> dict[str, object]:
    """Django's e-mail settings: SMTP when ``ACCORD_EMAIL_HOST`` is set, else files in the data folder.

    Without a mail server (embedded mode, or production before one is configured) every message is
    written as a file to ``DATA_DIR/mail``, where the operator can read it; nothing is lost and
    nothing leaves the machine. With ``ACCORD_EMAIL_HOST``: ``ACCORD_EMAIL_PORT`` (587),
    ``ACCORD_EMAIL_USER`` and ``ACCORD_EMAIL_PASSWORD`` (both or neither), ``ACCORD_EMAIL_TLS``
    (STARTTLS, on by default) or ``ACCORD_EMAIL_SSL`` (TLS from the start; not both), and
    ``ACCORD_EMAIL_FROM`` for the sender's address (any mode).
    """
    env = environ if environ is not None else os.environ
    sender = env.get("ACCORD_EMAIL_FROM", "").strip() or DEFAULT_EMAIL_FROM
    if "@" not in sender or any(character in sender for character in "\r\n"):
        raise ConfigurationError(f"ACCORD_EMAIL_FROM={sender!r} is not an e-mail address: set it to one")
    host = env.get("ACCORD_EMAIL_HOST", "").strip()
    common: dict[str, object] = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender}
    if not host:
        return common | {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(data_dir(env) / "mail"),
        }
    return common | smtp_settings(host, env)


def smtp_settings(host: str, env: dict[str, str]) -> dict[str, object]:
    """The SMTP server's settings, each variable checked."""
    raw_port = env.get("ACCORD_EMAIL_PORT", "").strip() or str(DEFAULT_EMAIL_PORT)
    if not re.fullmatch(r"[0-9]{1,5}", raw_port) or not 0 < int(raw_port) < 65536:
        raise ConfigurationError(f"ACCORD_EMAIL_PORT={raw_port!r} is not a port: set it to 1 to 65535")
    user = env.get("ACCORD_EMAIL_USER", "").strip()
    password = env.get("ACCORD_EMAIL_PASSWORD", "")
    if bool(user) != bool(password):
        raise ConfigurationError(
            "ACCORD_EMAIL_USER and ACCORD_EMAIL_PASSWORD go together: set both or neither"
        )
    use_ssl = env_flag("ACCORD_EMAIL_SSL", env)
    use_tls = env_flag("ACCORD_EMAIL_TLS", env) if env.get("ACCORD_EMAIL_TLS", "").strip() else not use_ssl
    if use_tls and use_ssl:
        raise ConfigurationError("ACCORD_EMAIL_TLS and ACCORD_EMAIL_SSL exclude each other: set one of them")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": int(raw_port),
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": password,
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": EMAIL_TIMEOUT_SECONDS,  # a hung server holds one worker thread, not for ever
    }


def site_url(environ: dict[str, str] | None = None) -> str:
    """The address people open Accord at, for links in e-mails (``ACCORD_SITE_URL``).

    Without it: the first allowed host, over HTTPS in production and over HTTP on port 8000 (where
    ``accord serve`` listens by default) in embedded mode.
    """
    env = environ if environ is not None else os.environ
    given = env.get("ACCORD_SITE_URL", "").strip().rstrip("/")
    if given:
        if urlsplit(given).scheme not in ("http", "https") or not urlsplit(given).netloc:
            raise ConfigurationError(
                f"ACCORD_SITE_URL={given!r} is not understood: set it to https://HOST or https://HOST/PATH"
            )
        return given
    host = allowed_hosts(env)[0]
    return f"https://{host}" if mode(env) == "production" else f"http://{host}:8000"
