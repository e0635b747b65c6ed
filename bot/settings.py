"""Settings from environment variables or a ``.env`` file (see ``.env.example``)."""

from __future__ import annotations

import hashlib
from datetime import date, time
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_TELEGRAM_API = "https://api.telegram.org/bot"


class Settings(BaseSettings):
    """Every setting of the service; names are the upper-cased environment variables."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///./data/bot.db"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"  # json: one object a line (bot/logs.py)

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_TELEGRAM_API
    telegram_file_base_url: str | None = None
    telegram_webhook_url: str | None = None  # public base URL; set it to use webhook mode
    telegram_webhook_secret: SecretStr | None = None
    telegram_bot_username: str | None = None  # for invitation links; else asked via getMe

    resolve_working_days: int = Field(default=10, ge=1, le=90)
    public_holidays: Annotated[list[date], NoDecode] = Field(default_factory=list)
    max_photo_mb: int = Field(default=10, ge=1, le=20)
    flood_max_messages: int = Field(default=8, ge=1)
    flood_window_seconds: float = Field(default=10.0, gt=0)

    staff_session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    staff_lockout_attempts: int = Field(default=5, ge=1, le=100)
    staff_lockout_minutes: float = Field(default=15.0, gt=0, le=24 * 60)
    # Failed logins from one address across all accounts before that address must wait.
    staff_address_attempts: int = Field(default=20, ge=1, le=10_000)
    staff_address_window_minutes: float = Field(default=15.0, gt=0, le=24 * 60)

    # Telegram chat (id) that receives the weekly/monthly figures summary; empty: none.
    leadership_telegram_chat_id: str = ""

    # Office hours and working weekdays (0 = Monday) that deadlines and the digest count.
    work_start: time = time(7, 30)
    work_end: time = time(17, 0)
    work_weekdays: Annotated[list[int], NoDecode] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    # Staff Telegram group (a negative id): alerts about new reports, /hangdoi, the digest.
    staff_telegram_chat_id: int | None = Field(default=None, lt=0)
    dashboard_public_url: str | None = None  # e.g. https://phananh.example.vn; for link buttons
    digest_time: time = time(7, 30)  # the daily overdue digest, Vietnam time, working days
    alert_batch_minutes: float = Field(default=15.0, gt=0, le=24 * 60)
    alert_urgent_seconds: float = Field(default=20.0, gt=0, le=3600)
    # Broadcast sender: messages per second for the whole process (Telegram allows about 30).
    broadcast_rate_per_second: float = Field(default=25.0, gt=0, le=30)

    # Zalo Bot Platform: a token turns the channel on; a public URL (this one, else the
    # Telegram webhook's) means webhook mode, none means polling.
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_url: str | None = None
    zalo_webhook_secret: SecretStr | None = None  # 8-256 characters; derived from the token
    zalo_rate_per_second: float = Field(default=10.0, gt=0, le=100)
    zalo_chat_spacing_seconds: float = Field(default=1.0, ge=0, le=60)
    # Seconds a Bot API call may take before its outcome is unknown (longer than Telegram's
    # answers under load; a message whose call timed out is never sent again blindly).
    telegram_send_timeout: float = Field(default=30.0, gt=0, le=300)

    # The staff map of reports (/phan-anh/ban-do): where its tiles come from. A server without
    # internet access points this at a tile server of its own (a path on this site works too).
    map_tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    map_tile_attribution: str = (
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    )
    map_tile_max_zoom: int = Field(default=19, ge=1, le=22)
    # E-mail to Open311 requesters who gave an address: a host and a from-address turn it on.
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_from: str = ""  # e.g. phananh@mttq.bacninh.gov.vn
    smtp_starttls: bool = True

    @property
    def smtp_configured(self) -> bool:
        """True when e-mail can be sent (a server and a sender's address are set)."""
        return bool(self.smtp_host.strip() and self.smtp_from.strip())

    @field_validator("public_holidays", mode="before")
    @classmethod
    def _split_dates(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("map_tile_url")
    @classmethod
    def _check_tile_url(cls, value: str) -> str:
        from dashboard.security import tile_source  # the page's CSP is built from the same rule

        tile_source(value)  # ValueError for anything but an http(s) URL or a local path
        if "{z}" not in value or "{x}" not in value or "{y}" not in value:
            raise ValueError("MAP_TILE_URL needs {z}, {x} and {y}")
        return value

    @field_validator("work_weekdays", mode="before")
    @classmethod
    def _split_weekdays(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("work_weekdays")
    @classmethod
    def _check_weekdays(cls, value: list[int]) -> list[int]:
        if not value or any(not 0 <= day <= 6 for day in value):
            raise ValueError("WORK_WEEKDAYS: numbers 0 (Monday) to 6 (Sunday), e.g. 0,1,2,3,4")
        return sorted(set(value))

    @field_validator("work_end")
    @classmethod
    def _check_office_hours(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("work_start")
        if isinstance(start, time) and value <= start:
            raise ValueError("WORK_END must be later than WORK_START")
        return value

    @field_validator("staff_telegram_chat_id", "dashboard_public_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator(
        "telegram_bot_token",
        "telegram_webhook_url",
        "telegram_webhook_secret",
        "zalo_bot_token",
        "zalo_webhook_url",
        "zalo_webhook_secret",
        mode="before",
    )
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def telegram_enabled(self) -> bool:
        """True when a bot token is configured."""
        return self.telegram_bot_token is not None

    @property
    def file_base_url(self) -> str:
        """Where Telegram files are downloaded from (derived from the API base URL)."""
        if self.telegram_file_base_url:
            return self.telegram_file_base_url
        base = self.telegram_api_base_url.rstrip("/")
        return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"

    @property
    def webhook_secret(self) -> str:
        """The webhook secret; derived from the token when not set, so it survives restarts."""
        if self.telegram_webhook_secret is not None:
            return self.telegram_webhook_secret.get_secret_value()
        token = self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else ""
        return hashlib.sha256(f"webhook:{token}".encode()).hexdigest()[:48]

    @property
    def zalo_public_url(self) -> str | None:
        """Where Zalo reaches this service (webhook, photos): ZALO_WEBHOOK_URL or Telegram's."""
        return self.zalo_webhook_url or self.telegram_webhook_url

    @property
    def zalo_secret(self) -> str:
        """The Zalo webhook secret; derived from the token when not set."""
        if self.zalo_webhook_secret is not None:
            return self.zalo_webhook_secret.get_secret_value()
        token = self.zalo_bot_token.get_secret_value() if self.zalo_bot_token else ""
        return hashlib.sha256(f"zalo-webhook:{token}".encode()).hexdigest()[:48]
