"""Sites' e-mail notifications through the SMTP server the service is configured with.

The server is the operator's (``serve --smtp-host``), not a user's, so it is not put through the
address guard; users only choose recipients. Credentials come from the environment.
"""

from __future__ import annotations

import smtplib
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

SMTP_USER_ENV = "SITEAUDIT_SMTP_USER"
SMTP_PASSWORD_ENV = "SITEAUDIT_SMTP_PASSWORD"
_TIMEOUT_S = 20.0
_MAX_RECIPIENTS = 20


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where and as whom the service sends mail."""

    host: str
    port: int = 25
    sender: str = "siteaudit@localhost"
    starttls: bool = False
    user: str | None = None
    password: str | None = None


class AddressError(ValueError):
    """A recipient list the service will not send to; the message says why."""


def parse_recipients(text: str) -> list[str]:
    """Comma-separated addresses, each one ``local@domain`` without spaces or line breaks."""
    found = [a.strip() for a in text.split(",") if a.strip()]
    if not found:
        raise AddressError("no e-mail address given")
    if len(found) > _MAX_RECIPIENTS:
        raise AddressError(f"at most {_MAX_RECIPIENTS} addresses")
    for address in found:
        local, at, domain = address.rpartition("@")
        if not at or not local or "." not in domain or any(c.isspace() for c in address):
            raise AddressError(f"not an e-mail address: {address!r}")
    return found


def crawl_message(payload: dict[str, Any], sender: str, recipients: list[str]) -> EmailMessage:
    """The mail about one finished crawl, from the webhook's JSON payload."""
    site = payload["site"]["name"]
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Subject"] = (
        f"siteaudit: {site}: health {payload['health']}, {payload['errors']} errors "
        f"({payload['new_errors']} new)"
    )
    comparison = payload.get("comparison") or {}
    lines = [
        f"Crawl #{payload['crawl']} of {site} finished.",
        f"Health score: {payload['health']}",
        f"Error findings: {payload['errors']} ({payload['new_errors']} new)",
    ]
    if comparison:
        lines.append(
            f"Since crawl #{comparison['previous']}: {comparison['new_findings']} new, "
            f"{comparison['fixed_findings']} fixed, {comparison['changed_findings']} changed "
            f"findings; URLs {comparison['urls_added']} added, {comparison['urls_removed']} "
            f"removed, {comparison['urls_changed']} changed."
        )
    lines += ["", f"Report: {payload['report']}"]
    message.set_content("\n".join(lines) + "\n")
    return message


def send_mail(
    settings: SmtpSettings, message: EmailMessage, backoff: tuple[float, ...]
) -> tuple[str, int, str | None]:
    """Send with retries after ``backoff`` pauses: (delivered|failed, attempts, error)."""
    attempts, error = 0, None
    for pause in (0.0, *backoff):
        time.sleep(pause)
        attempts += 1
        try:
            with smtplib.SMTP(settings.host, settings.port, timeout=_TIMEOUT_S) as smtp:
                if settings.starttls:
                    smtp.starttls()
                if settings.user:
                    smtp.login(settings.user, settings.password or "")
                smtp.send_message(message)
            return "delivered", attempts, None
        except (OSError, smtplib.SMTPException) as exc:
            error = type(exc).__name__
            if isinstance(exc, smtplib.SMTPRecipientsRefused):
                break  # refused addresses stay refused
    return "failed", attempts, error
