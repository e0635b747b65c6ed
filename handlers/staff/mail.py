"""E-mail to the person who filed a report through Open311, through the configured SMTP server.

Nothing is configured: no e-mail is offered. A failure is returned (and logged), never raised,
so the officer sees it and the reply already stored is kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import aiosmtplib

log = logging.getLogger(__name__)

SEND_TIMEOUT = 30.0


@dataclass(frozen=True)
class MailConfig:
    """The SMTP server and the sender's address (from the settings)."""

    host: str
    port: int
    from_address: str
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    timeout: float = SEND_TIMEOUT


@dataclass(frozen=True)
class MailOutcome:
    """Whether the server accepted the message, and why not."""

    sent: bool
    error: str | None = None


class Mailer:
    """Sends one plain-text message at a time (aiosmtplib)."""

    def __init__(self, config: MailConfig) -> None:
        self.config = config

    async def send(self, to: str, subject: str, body: str) -> MailOutcome:
        message = EmailMessage()
        message["From"] = self.config.from_address
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.config.from_address.rpartition("@")[2])
        message.set_content(body)
        try:
            await aiosmtplib.send(
                message,
                hostname=self.config.host,
                port=self.config.port,
                username=self.config.username,
                password=self.config.password,
                start_tls=self.config.starttls,
                timeout=self.config.timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            reason = f"{type(exc).__name__}: {exc}"[:500]
            log.warning("e-mail to %s not sent: %s", to, reason)
            return MailOutcome(False, reason)
        return MailOutcome(True)
