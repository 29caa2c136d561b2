"""Outgoing e-mail: SMTP when configured, otherwise a development outbox of .eml files."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from app.config import Settings
from app.db import new_id, utcnow


def build_message(settings: Settings, to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.mail_from
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="portal.invalid")
    msg.set_content(body)
    return msg


def absolute_link(settings: Settings, path: str) -> str:
    """A portal link for an e-mail: absolute, from PORTAL_PUBLIC_BASE_URL (mail readers have no base)."""
    return settings.public_base_url.rstrip("/") + "/" + path.lstrip("/")


def send_mail(settings: Settings, to: str, subject: str, body: str, *, link: str | None = None) -> None:
    if link is not None:  # the body marks where the link goes; the job alone knows the base URL
        body = body.replace("{link}", absolute_link(settings, link))
    msg = build_message(settings, to, subject, body)
    if settings.smtp_host:
        import smtplib  # here, not at module level: keeps the idle API process small

        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username and settings.smtp_password:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(msg)
        return
    outbox = settings.var_dir / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{utcnow().strftime('%Y%m%dT%H%M%S%f')}-{new_id()[:8]}.eml"
    (outbox / name).write_bytes(bytes(msg))
