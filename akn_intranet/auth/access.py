"""Who may open which page."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def coordinator_required(view: Callable) -> Callable:
    @wraps(view)
    @login_required
    def wrapped(*args: object, **kwargs: object):
        if not current_user.is_coordinator:
            abort(403, "Diese Seite ist der Koordination vorbehalten.")
        return view(*args, **kwargs)

    return wrapped
