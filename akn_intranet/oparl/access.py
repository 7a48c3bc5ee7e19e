"""Who may read the OParl interface: nobody (``off``), the holder of a token, or everyone.

``AKN_OPARL`` is ``off`` by default; an unknown value counts as ``off``, so a typo never opens it.
"""

import hmac

from flask import current_app, request

OFF, TOKEN, PUBLIC = "off", "token", "public"
MODES = (OFF, TOKEN, PUBLIC)


def mode() -> str:
    value = current_app.config.get("AKN_OPARL", OFF)
    return value if value in MODES else OFF


def presented_token() -> str:
    """The token of a request: ``Authorization: Bearer …`` or, for a client that cannot send headers,
    ``?access_token=…`` (RFC 6750)."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.args.get("access_token", "")


def token_accepted() -> bool:
    """Compared in constant time; without a configured token no token is accepted."""
    expected = current_app.config.get("AKN_OPARL_TOKEN", "")
    given = presented_token()
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
