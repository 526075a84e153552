"""The API's authentication: a bearer token for changes, and for reads with --private-reads."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from siteaudit.service.errors import ApiError

_bearer = HTTPBearer(auto_error=False, description="SITEAUDIT_API_TOKEN or a --token-file line")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def require_token(request: Request, credentials: Credentials) -> str:
    """The caller's token id; 401 without a token, 403 with a wrong one."""
    if credentials is None:
        raise ApiError(
            401,
            "unauthorized",
            "this call needs an API token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    owner = request.app.state.tokens.identify(credentials.credentials)
    if owner is None:
        raise ApiError(403, "forbidden", "the API token is not valid")
    return str(owner)


def require_reader(request: Request, credentials: Credentials) -> None:
    """Reads are open unless the service runs with --private-reads."""
    if request.app.state.coordinator.options.private_reads:
        require_token(request, credentials)


Owner = Annotated[str, Depends(require_token)]
Reader = Depends(require_reader)
