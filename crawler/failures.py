"""Turn a failed download into a short, stable error label for the store and reports."""

from __future__ import annotations

from twisted.python.failure import Failure

# Exception class names (Scrapy, Twisted, OpenSSL) -> label; matched along the MRO.
_LABELS = {
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


def describe_failure(failure: Failure) -> str:
    """A label such as 'timeout', 'dns', 'connection refused' or 'robots.txt'."""
    exc = failure.value
    text = str(exc)
    if type(exc).__name__ == "IgnoreRequest" and "robots" in text.lower():
        return "robots.txt"
    for klass in type(exc).__mro__:
        label = _LABELS.get(klass.__name__)
        if label:
            if label == "error" and "ssl" in text.lower():
                return "tls"
            return label
    return type(exc).__name__
