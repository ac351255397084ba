"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and
can be stopped and started again on the same port: the mail server going down
and coming back (tests/jobs/test_mail_server_down.py, tests/bench/jobs.py)."""

import threading
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller

from tests.live.servers import free_port


class SmtpSink:
    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.received: list[dict] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.content)
        with self._lock:
            self.received.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "subject": str(make_header(decode_header(message["Subject"] or ""))),
                }
            )
        return "250 Message accepted for delivery"

    def start(self) -> "SmtpSink":
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def settings(self) -> dict:
        """The Django settings that send mail here."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }
