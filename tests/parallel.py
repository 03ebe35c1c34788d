"""Real HTTP against `live_server` from many threads at once, for the tests that
send one form many times in parallel."""

import http.client
import re
import threading
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.test import Client

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None
    body: str


class Browser:
    """One logged-in browser: the user's session cookie and, once a form has
    been fetched, the CSRF cookie and the form's CSRF token."""

    def __init__(self, base_url: str, user) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        client = Client()
        client.force_login(user)
        self.cookies = {
            settings.SESSION_COOKIE_NAME: client.cookies[
                settings.SESSION_COOKIE_NAME
            ].value
        }
        self.csrf_token = ""

    def connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.connect()
        return connection

    def send(
        self,
        connection: http.client.HTTPConnection,
        method: str,
        path: str,
        data: dict | None = None,
        *,
        remember: bool = True,
    ) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(data, doseq=True)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = Answer(
            response.status,
            response.getheader("Location"),
            response.read().decode(errors="replace"),
        )
        for header in (response.headers.get_all("Set-Cookie") or []) * remember:
            for morsel in SimpleCookie(header).values():
                self.cookies[morsel.key] = morsel.value
        connection.close()
        return answer

    def get_form(self, path: str) -> str:
        """The page's HTML; keeps its CSRF cookie and token for the POSTs."""
        answer = self.send(self.connect(), "GET", path)
        assert answer.status == 200, answer
        self.csrf_token = CSRF_FIELD.search(answer.body).group(1)
        return answer.body

    def post_together(self, path: str, data: dict, count: int) -> list[Answer]:
        """POST the same form `count` times at once: every thread connects
        first, then all send when the last one is ready."""
        data = {"csrfmiddlewaretoken": self.csrf_token, **data}
        barrier = threading.Barrier(count)
        answers: list[Answer] = []
        errors: list[BaseException] = []

        def submit() -> None:
            try:
                connection = self.connect()
                barrier.wait(timeout=30)
                # The same cookies for all: what one answer sets is not kept.
                answers.append(
                    self.send(connection, "POST", path, data, remember=False)
                )
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)

        threads = [threading.Thread(target=submit) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=90)
        assert errors == []
        assert len(answers) == count
        return answers
