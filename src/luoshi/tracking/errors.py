"""Errors raised by tracking services; the API maps them to HTTP statuses (in brackets)."""
from __future__ import annotations


class TrackingError(Exception):
    """Base class. ``str(exc)`` is a one-line message fit for a user."""


class NotFound(TrackingError):  # 404
    pass


class PermissionDenied(TrackingError):  # 403 (and logged)
    pass


class Conflict(TrackingError):  # 409: stale version, concurrent write
    pass


class InvalidTransition(TrackingError):  # 409 or 422: workflow step not allowed from this status
    pass


class ValidationFailed(TrackingError):  # 422
    pass
