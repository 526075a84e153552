"""Turn a failed download into a short, stable error label for the store and reports."""

from __future__ import annotations

from twisted.python.failure import Failure

# Exception class names (Scrapy, Twisted, OpenSSL) -> label; matched along the MRO.
_LABELS = {
    "AddressRefused": "blocked: private address",
    "IgnoreRequest": "ignored",
    "CannotResolveHostError": "dns",
    "DNSLookupError": "dns",
    "DownloadConnectionRefusedError": "connection refused",
    "ConnectionRefusedError": "connection refused",
    "DownloadTimeoutError": "timeout",
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadCancelledError": "size cap exceeded",
    "CancelledError": "size cap exceeded",
    "ResponseDataLossError": "connection lost",
    "ResponseNeverReceived": "connection lost",
    "ConnectionLost": "connection lost",
    "ConnectionDone": "connection lost",
    "DownloadFailedError": "download failed",
    "SSLError": "tls",
    "Error": "error",
}


def _is_tls_error(exc: BaseException) -> bool:
    names = {k.__name__ for k in type(exc).__mro__}
    return bool(names & {"SSLError", "Error"}) and (
        "ssl" in type(exc).__module__.lower() or "certificate" in str(exc).lower()
    )


def describe_failure(failure: Failure) -> str:
    """A label such as 'timeout', 'dns', 'connection refused' or 'robots.txt'."""
    exc = failure.value
    text = str(exc)
    label = getattr(exc, "label", None)  # our own exceptions carry theirs
    if isinstance(label, str):
        return label
    # Scrapy and Twisted wrap the real cause (e.g. a certificate error) in
    # DownloadFailedError <- ResponseFailed/ResponseNeverReceived.reasons.
    cause: BaseException | None = exc
    while cause is not None:
        for reason in getattr(cause, "reasons", None) or ():
            inner = getattr(reason, "value", None)
            if inner is not None and _is_tls_error(inner):
                return "tls"
        cause = cause.__cause__
    if type(exc).__name__ == "IgnoreRequest":
        if "robots" in text.lower():
            return "robots.txt"
        if "download_maxsize" in text.lower():
            return "size cap exceeded"  # a compressed body that inflates past the cap
    for klass in type(exc).__mro__:
        label = _LABELS.get(klass.__name__)
        if label:
            if label == "error" and "ssl" in text.lower():
                return "tls"
            return label
    return type(exc).__name__


# Failures worth trying again after a pause; DNS, TLS and size-cap failures are not.
_TRANSIENT = frozenset({"timeout", "connection refused", "connection lost", "download failed"})


def describe_error(exc: BaseException) -> str:
    """``describe_failure`` for an exception caught outside Twisted's callbacks."""
    # ignore: Twisted leaves Failure() unannotated
    return describe_failure(Failure(exc))  # type: ignore[no-untyped-call]


def is_transient_error(exc: BaseException) -> bool:
    """True for timeouts and connection errors (retry with backoff), False otherwise."""
    return describe_error(exc) in _TRANSIENT
