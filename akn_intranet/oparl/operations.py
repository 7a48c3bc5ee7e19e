from ..auth.models import User
from ..clock import utcnow
from ..extensions import db


def set_consent(user: User, publish: bool) -> bool:
    """Record whether the person's name appears in OParl; True if that changed. The first consent is the
    Person's ``created``, every change its ``modified``. Flushes."""
    if user.oparl_consent == publish:
        return False
    now = utcnow()
    user.oparl_consent = publish
    user.oparl_changed_at = now
    if publish and user.oparl_published_at is None:
        user.oparl_published_at = now
    db.session.flush()
    return True
