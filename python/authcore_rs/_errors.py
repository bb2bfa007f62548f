"""The one exception authcore raises: ``AuthError`` with a stable ``code``."""

from __future__ import annotations

__all__ = ["AuthError"]


class AuthError(Exception):
    """An authcore error. Switch on ``code`` (``"ERR_JWT_EXPIRED"``, ``"ERR_COOKIE_SIGNATURE_INVALID"``, …),
    the same ``ERR_*`` strings as the Rust core and the JavaScript package, never on the message.

    For JWT claim errors ``claim`` names the claim (``"exp"``, ``"aud"``, …) and ``reason`` says why
    (``"check_failed"``, ``"missing"``, ``"invalid"``), as jose does.
    """

    code: str
    message: str
    claim: str | None
    reason: str | None

    def __init__(self, code: str, message: str, *, claim: str | None = None, reason: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.claim = claim
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        extra = "".join(f", {k}={v!r}" for k, v in (("claim", self.claim), ("reason", self.reason)) if v is not None)
        return f"AuthError({self.code!r}, {self.message!r}{extra})"

    def __reduce__(self):  # picklable (multiprocessing, task queues)
        return (_rebuild, (self.code, self.message, self.claim, self.reason))


def _rebuild(code: str, message: str, claim: str | None, reason: str | None) -> AuthError:
    return AuthError(code, message, claim=claim, reason=reason)


def invalid_argument(message: str) -> AuthError:
    return AuthError("ERR_INVALID_ARGUMENT", f"invalid argument: {message}")
