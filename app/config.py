"""One settings object (env prefix PORTAL_), injected where needed."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_OIDC_SCOPES = "openid email profile"


class OidcProviderConfig(BaseModel):
    """One single sign-on provider, an item of PORTAL_OIDC_PROVIDERS.

    Defined here, not in app.security.oidc: the settings own their shape, and the relying party
    imports it (one direction, no circle)."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    client_secret: SecretStr = Field(min_length=1)  # SecretStr: never in a repr, a log or an error
    scopes: str = DEFAULT_OIDC_SCOPES

    @field_validator("scopes", mode="before")
    @classmethod
    def _default_scopes(cls, value: object) -> object:
        return value or DEFAULT_OIDC_SCOPES  # "" or null: the default, as documented


class Settings(BaseSettings):
    # hide_input_in_errors: a bad value is named by its field, never printed (it may be a secret, such as
    # a client_secret inside a malformed PORTAL_OIDC_PROVIDERS entry).
    model_config = SettingsConfigDict(
        env_prefix="PORTAL_", env_file=None, extra="ignore", hide_input_in_errors=True
    )

    env: Literal["development", "test", "production"] = "development"
    var_dir: Path = Path("./var")
    database_url: str = ""  # default: sqlite file under var_dir
    secret_key: SecretStr | None = None
    public_base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    # JSON request bodies larger than this are refused (413) before they are read or authenticated;
    # evidence uploads (multipart, tus) have their own limit, max_upload_bytes.
    max_json_body_bytes: int = Field(default=2 * 1024**2, ge=1024)

    # Serving at scale (docs/deploy.md). Requests at work at once in one process; beyond it the answer is
    # 503 + Retry-After at once (app/api/admission_http.py); health, readiness and /metrics are exempt.
    # The connection pool and the thread pool are sized from it, so an admitted request never waits
    # for either (the 55-request collapse of issue #14). Sync endpoints share the GIL: past a few
    # requests per core more threads add no throughput, only latency (bench/api_load.py), hence 16.
    max_in_flight: int = Field(default=16, ge=1, le=2000)
    overload_retry_after_seconds: int = Field(default=1, ge=1, le=120)
    db_pool_reserve: int = Field(default=8, ge=0)  # connections/threads beyond max_in_flight: jobs, probes
    db_pool_timeout_seconds: float = Field(default=3.0, gt=0)  # then 503 + Retry-After, never 30 s
    workers: int | None = Field(default=None, ge=1, le=256)  # `portal serve`; default: CPUs in production
    # Client addresses (lockout, audit, logs) from X-Forwarded-For only when the peer is one of these.
    proxy_headers: bool = False
    trusted_proxies: str = "127.0.0.1,::1"  # comma-separated addresses or CIDR networks
    secret_key_file: Path | None = None  # alternative to PORTAL_SECRET_KEY (a mounted secret)
    age_identity: SecretStr | None = None  # the local evidence store's key (default: var_dir file)
    age_identity_file: Path | None = None
    multi_host: bool = False  # several hosts share the database: keys must come from settings
    # Observability: JSON logs (default in production), metrics at /metrics for a bearer token, else
    # only from loopback addresses.
    log_format: Literal["json", "text"] | None = None
    metrics_token: SecretStr | None = None
    metrics_token_file: Path | None = None

    # Evidence storage
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path | None = None  # default: var_dir/blobs
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_bucket: str = "portal-evidence"
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_sse: Literal["AES256", "aws:kms"] = "AES256"
    s3_kms_key_id: str | None = None
    # Parts of one upload sent to S3 at once: throughput against memory ((n + 1) x 8 MiB per upload).
    s3_parallel_parts: int = Field(default=4, ge=1, le=16)
    # Every S3 call is bounded: a stalled or unreachable store answers 503 within about
    # max_attempts x (connect or read timeout), never holds a request for ever (defaults: ~21 s).
    s3_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    s3_read_timeout_seconds: float = Field(default=10.0, gt=0)
    s3_max_attempts: int = Field(default=2, ge=1, le=10)
    # Upload requests at work at once (app/workflows/admission.py); beyond them 429 + Retry-After. The
    # process bound stays below the database pool (5 + 10 overflow): a tus PATCH holds a connection.
    uploads_per_user: int = Field(default=4, ge=1)
    uploads_per_org: int = Field(default=8, ge=1)
    uploads_per_process: int = Field(default=8, ge=1)
    uploads_retry_after_seconds: int = Field(default=5, ge=1)
    max_upload_bytes: int = 2 * 1024**3
    case_quota_bytes: int = 20 * 1024**3
    upload_expiry_hours: int = 24
    clamd_socket: str | None = None
    require_scanner: bool = False
    # Without PORTAL_CLAMD_SOCKET, `portal serve` / `seed-demo` / `worker` use a running system clamd, or
    # start a private one when clamd is installed and has signatures (in clamav_database_dir, default
    # the system's DatabaseDirectory); else they say clearly that evidence goes unscanned.
    clamd_autostart: bool = True
    clamav_database_dir: Path | None = None
    # Clean items are scanned again when the signatures change, at most this often each.
    rescan_after_hours: float = Field(default=24.0, ge=0)
    # Packages include items the portal could not scan ("not scanned" in manifest and dossier) only
    # with this on; default on only in development (the embedded demo often has no ClamAV).
    package_unscanned_evidence: bool = False
    # A build that has written no heartbeat for this long (its worker died) is failed and may be rebuilt.
    package_stale_after_seconds: float = Field(default=120.0, gt=0)

    # Trusted timestamps (RFC 3161): without a URL, items say "no timestamp".
    tsa_url: str | None = None
    tsa_ca_file: Path | None = None  # PEM: the TSA's root (and intermediates), to verify its tokens
    tsa_timeout_seconds: float = Field(default=10.0, gt=0)
    tsa_retry_seconds: float = Field(default=60.0, gt=0)  # first retry; doubles up to six hours
    tsa_audit_interval_hours: float = Field(
        default=24.0, gt=0
    )  # the audit chain's head is stamped this often

    # Mail: SMTP when smtp_host is set, otherwise a dev outbox under var_dir/outbox
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    mail_from: str = "portal@localhost"

    # Sessions and login throttling
    session_cookie: str = "portal_session"
    csrf_cookie: str = "portal_csrf"
    session_idle_minutes: int = 60
    session_absolute_hours: int = 12
    login_slowdown_after: int = 3
    login_slowdown_seconds: float = 0.5
    login_lock_after: int = 10
    login_lock_minutes: int = 15
    login_window_minutes: int = 15
    invitation_days: int = 7

    # Webhooks
    webhook_backoff_seconds: float = 30.0
    webhook_max_attempts: int = 8
    webhook_timeout_seconds: float = 10.0
    webhook_allow_private: bool = False  # loopback/private targets (SSRF guard); tests and local dev only

    # Integrations (docs/integrations.md). Idempotency-Key: how long a key and its answer are kept, how
    # long a request holds its key before a retry may take it over (its process died), the largest answer
    # stored. API rate limits per fixed window, per caller (token or person) and per organisation, shared
    # by every process (counters in the database). The change feed keeps events this many days.
    idempotency_hours: float = Field(default=24.0, gt=0, le=24 * 30)
    idempotency_lease_seconds: float = Field(default=900.0, gt=0)
    idempotency_max_response_bytes: int = Field(default=1024**2, ge=1024)
    rate_limit_window_seconds: int = Field(default=60, ge=1, le=3600)
    rate_limit_per_token: int = Field(default=6000, ge=1)
    rate_limit_per_org: int = Field(default=30000, ge=1)
    change_feed_retention_days: int = Field(default=30, ge=1)
    token_rotation_max_overlap_hours: int = Field(default=168, ge=0, le=24 * 30)

    # Secure hand-off links to government recipients (app/workflows/handoff.py)
    share_default_days: int = Field(default=14, ge=1, le=90)
    share_max_days: int = Field(default=90, ge=1, le=365)
    share_default_downloads: int = Field(default=3, ge=1, le=100)
    share_code_minutes: int = Field(default=10, ge=1, le=60)  # a one-time code's life
    share_code_attempts: int = Field(default=5, ge=1, le=20)  # wrong codes before the link locks
    share_grant_minutes: int = Field(default=30, ge=1, le=240)  # downloads allowed after the right code
    share_rate_per_ip: int = Field(default=60, ge=1)  # requests per minute to the recipient's pages
    share_rate_per_link: int = Field(default=30, ge=1)  # requests per minute to one link
    share_codes_per_hour: int = Field(default=5, ge=1)  # codes mailed per link and hour

    # Jobs: "inline" runs in-process (embedded default), "procrastinate" on PostgreSQL
    jobs_backend: Literal["inline", "procrastinate"] = "inline"
    jobs_tick_seconds: float = 30.0  # inline: how often the web process runs periodic jobs; 0 = never
    # `portal worker`: a worker silent this long died (killed, its host lost); another worker retries the
    # jobs it was running (a package build starts again). Workers signal every third of it.
    jobs_stalled_after_seconds: float = Field(default=30.0, ge=1.0)

    # Official sanctions lists. The periodic fetch gets each list named here from its URL, e.g.
    # {"uk_sanctions_list": "https://…/UK-Sanctions-List.xml"}; none by default (the embedded default
    # fetches nothing: `portal lists import` and the upload endpoint serve offline installations).
    sanctions_list_urls: dict[str, str] = Field(default_factory=dict)
    sanctions_fetch_interval_hours: float = Field(default=24.0, gt=0)
    sanctions_fetch_retry_minutes: float = Field(default=60.0, gt=0)  # after a failed fetch
    sanctions_fetch_timeout_seconds: float = Field(default=120.0, gt=0)
    sanctions_list_max_bytes: int = Field(default=256 * 1024**2, ge=1024)  # one fetched or uploaded list
    # Analytics: the allied countries of the allied-country share (ISO codes, comma-separated); empty: NATO
    # and EU members, the Five Eyes and the treaty allies in Asia (app/workflows/analytics/base.py).
    analytics_allies: str = ""

    # OIDC providers: JSON list of {"name", "issuer", "client_id", "client_secret"[, "scopes"]}
    oidc_providers: list[OidcProviderConfig] = Field(default_factory=list)

    # Two-factor authentication. Coordinators and admins need TOTP or single sign-on before they can
    # do anything but enrol; the default is on everywhere except `development` (the demo seed's
    # password-only coordinators and admins keep working for `make run`).
    require_2fa_for_all: bool = False
    enforce_2fa_for_privileged: bool = True
    totp_issuer: str = "Sanctions Coalition Portal"
    mfa_challenge_minutes: int = 5  # between the right password and the code
    mfa_challenge_attempts: int = 5  # wrong codes per challenge before the password is asked again

    @field_validator("oidc_providers")
    @classmethod
    def _unique_provider_names(cls, providers: list[OidcProviderConfig]) -> list[OidcProviderConfig]:
        names = [p.name for p in providers]
        if len(set(names)) != len(names):
            raise ValueError("PORTAL_OIDC_PROVIDERS: provider names must be unique")
        return providers

    @model_validator(mode="after")
    def _environment_defaults(self) -> Settings:
        if "enforce_2fa_for_privileged" not in self.model_fields_set and self.env == "development":
            self.enforce_2fa_for_privileged = False
        if "package_unscanned_evidence" not in self.model_fields_set and self.env == "development":
            self.package_unscanned_evidence = True
        return self

    @model_validator(mode="after")
    def _secrets_from_files(self) -> Settings:
        """`PORTAL_X_FILE` names a file holding X (a mounted Kubernetes or Docker secret)."""
        for name in ("secret_key", "age_identity", "metrics_token"):
            path: Path | None = getattr(self, f"{name}_file")
            if path is not None and getattr(self, name) is None:
                try:
                    value = path.read_text().strip()
                except OSError as exc:
                    raise ValueError(f"PORTAL_{name.upper()}_FILE: cannot read {path}") from exc
                if not value:
                    raise ValueError(f"PORTAL_{name.upper()}_FILE: {path} is empty")
                setattr(self, name, SecretStr(value))
        return self

    @property
    def effective_log_format(self) -> str:
        return self.log_format or ("json" if self.is_production else "text")

    @property
    def db_pool_total(self) -> int:
        """Connections (and worker threads) one process may use: admitted requests plus the reserve."""
        return self.max_in_flight + self.db_pool_reserve

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'portal.db').resolve()}"

    @property
    def effective_storage_dir(self) -> Path:
        return self.storage_dir or self.var_dir / "blobs"

    def production_problems(self) -> list[str]:
        """What a production start is missing, named, so the operator can fix it at once."""
        problems: list[str] = []
        if self.secret_key is None or len(self.secret_key.get_secret_value()) < 32:
            problems.append("PORTAL_SECRET_KEY (at least 32 characters) is required")
        if not self.database_url.startswith(("postgresql", "postgres")):
            problems.append("PORTAL_DATABASE_URL must be a PostgreSQL URL")
        if not self.public_base_url.startswith("https://"):
            problems.append("PORTAL_PUBLIC_BASE_URL must be an https:// URL")
        for provider in self.oidc_providers:
            if not provider.issuer.startswith("https://"):
                problems.append(f"OIDC provider {provider.name!r}: issuer must be an https:// URL")
        if self.multi_host:
            # Every host must hold the same keys: one generated into a host's var_dir would differ.
            if self.storage_backend == "local" and self.age_identity is None:
                problems.append(
                    "PORTAL_AGE_IDENTITY or PORTAL_AGE_IDENTITY_FILE is required with PORTAL_MULTI_HOST "
                    "(the local evidence store's key)"
                )
            if self.jobs_backend != "procrastinate":
                problems.append("PORTAL_JOBS_BACKEND=procrastinate is required with PORTAL_MULTI_HOST")
        return problems

    def secret(self) -> str:
        """The signing/HMAC secret; development keeps a generated one in var_dir."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        if self.is_production:
            raise RuntimeError("PORTAL_SECRET_KEY is required in production")
        path = self.var_dir / "secret_key"
        if not path.exists():
            self.var_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


class ConfigurationError(RuntimeError):
    pass


@lru_cache
def get_settings() -> Settings:
    return Settings()


def check_startup(settings: Settings) -> None:
    # A malformed provider list already failed when the settings were read (naming the field).
    if settings.is_production:
        problems = settings.production_problems()
        if problems:
            raise ConfigurationError("Refusing to start in production: " + "; ".join(problems))
