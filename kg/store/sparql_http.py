"""The HTTP client of the remote store: one endpoint and one account, with the errors a user can act on.

urllib's handlers answer HTTP Digest or Basic challenges, whichever the store
sends. Every failure is a :class:`~kg.errors.StoreError` (or a
:class:`~kg.errors.QueryError` for a 400) naming the URL, never its password,
and the setting to check.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Mapping

from ..errors import QueryError, StoreError


def public_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _closing(handler: type) -> type:
    """An auth handler that closes the 401 answer it retried past (urllib leaves it open)."""

    class Closing(handler):
        def http_error_401(self, req, fp, code, msg, headers):
            try:
                result = super().http_error_401(req, fp, code, msg, headers)
            except Exception:
                fp.close()
                raise
            if result is not None:
                fp.close()
            return result

    Closing.__name__ = handler.__name__
    return Closing


_DigestAuth = _closing(urllib.request.HTTPDigestAuthHandler)
_BasicAuth = _closing(urllib.request.HTTPBasicAuthHandler)


class Http:
    """One endpoint and one account: a urllib opener answering Digest or Basic challenges."""

    def __init__(self, url: str, *, user: str = "", password: str = "", setting: str, account: str):
        if not url:
            raise StoreError(f"the sparql store backend needs {setting} (environment NAPKG_{setting.upper()})")
        self.url = url
        self.user = user
        self.setting = setting
        self.account = account
        handlers: list = []
        if user:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, url, user, password)
            handlers = [_DigestAuth(mgr), _BasicAuth(mgr)]
        self._opener = urllib.request.build_opener(*handlers)

    def send(self, data: bytes | None, *, headers: Mapping[str, str], method: str = "POST", query: str = "",
             timeout_s: float, what: str) -> tuple[bytes, Mapping[str, str]]:
        """Send one request; the body and headers of a 2xx answer, else a StoreError or QueryError saying what to do."""
        url = self.url + (("&" if "?" in self.url else "?") + query if query else "")
        req = urllib.request.Request(url, data=data, headers=dict(headers), method=method)
        shown = public_url(self.url)
        try:
            with self._opener.open(req, timeout=timeout_s) as r:
                return r.read(), r.headers
        except urllib.error.HTTPError as e:
            with e:
                body = _text(e)
            if e.code in (401, 403):
                who = f"the credentials of {self.user!r}" if self.user else "an anonymous request"
                raise StoreError(
                    f"the SPARQL store at {shown} refused {who} for {what} (HTTP {e.code}); check "
                    f"{self.account} and its password (environment NAPKG_{self.account.upper()}, "
                    f"NAPKG_{self.account.replace('user', 'password').upper()} or its _FILE)") from None
            if e.code == 400:
                raise QueryError(f"the SPARQL store at {shown} rejected {what} (a SPARQL syntax error or a "
                                 f"feature it lacks): {body}") from None
            if e.code == 404:
                raise StoreError(f"no SPARQL service at {shown} (HTTP 404); check {self.setting}") from None
            hint = ("; Virtuoso's TransactionAfterImageLimit ([Parameters] in virtuoso.ini) is lower than this "
                    "update needs: raise it (bytes; moving 900,000 triples at once needed more than its default here)"
                    if "SR325" in body else "")
            raise StoreError(f"the SPARQL store at {shown} failed on {what} (HTTP {e.code}): {body}{hint}") from None
        except (socket.timeout, TimeoutError):
            raise StoreError(f"the SPARQL store at {shown} did not answer {what} within {timeout_s:.0f} s; "
                             "is it overloaded? (sparql_timeout_s sets how long napkg waits)") from None
        except urllib.error.URLError as e:
            reason = getattr(e.reason, "strerror", None) or str(e.reason)
            if isinstance(e.reason, (socket.timeout, TimeoutError)):
                reason = f"no answer within {timeout_s:.0f} s"
            raise StoreError(f"cannot reach the SPARQL store at {shown} ({reason}): is it running, and is "
                             f"{self.setting} right?") from None
        except (ConnectionError, http_client_errors()) as e:
            raise StoreError(f"the SPARQL store at {shown} dropped the connection or answered what HTTP "
                             f"cannot read during {what} ({type(e).__name__}: {e}): is it running?") from None


def allow_response_headers(echoed: int) -> None:
    """Let http.client read an answer that carries ``echoed`` more headers than usual.

    Virtuoso answers a query with one ``X-SPARQL-default-graph`` or
    ``X-SPARQL-named-graph`` header per graph of its dataset, and http.client
    (under urllib, requests and SPARQLWrapper alike) refuses an answer with
    more than ``http.client._MAXHEADERS`` (100) headers: a build of more than
    about 45 graphs could not be read. The limit is only ever raised, to what
    the request's own dataset needs.
    """
    import http.client

    needed = echoed + 100
    if getattr(http.client, "_MAXHEADERS", needed) < needed:
        http.client._MAXHEADERS = needed


def http_client_errors() -> type:
    import http.client

    return http.client.HTTPException


def _text(e: urllib.error.HTTPError, limit: int = 600) -> str:
    try:
        raw = e.read().decode("utf-8", "replace")
    except OSError:
        raw = ""
    raw = " ".join(raw.split())
    return (raw[:limit] + " ...") if len(raw) > limit else (raw or e.reason)


def media_type(headers: Mapping[str, str]) -> str:
    return (headers.get("Content-Type") or "").split(";")[0].strip().lower()



__all__ = ["Http", "public_url", "allow_response_headers", "http_client_errors", "media_type"]
