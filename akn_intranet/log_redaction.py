"""Personal links carry secrets in their path, an OParl client may carry its token in the query: keep both
out of every log line."""

import logging
import re

# personal links (links.py): approval, invitation, attendance reply, calendar feed
_SECRET_PATH = re.compile(r"(/(?:genehmigung|einladung|teilnahme|kalender)/)[A-Za-z0-9_\-]+")
_SECRET_QUERY = re.compile(r"([?&]access_token=)[^&\s\"]+")  # oparl/access.py: presented_token


def redact(text: str) -> str:
    return _SECRET_QUERY.sub(r"\1[…]", _SECRET_PATH.sub(r"\1[…]", text))


class RedactTokens(logging.Filter):
    """A logging filter for access logs (werkzeug, gunicorn) and the app's own."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if isinstance(record.args, dict):  # gunicorn's access log passes its atoms as a dict
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        elif record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install(*logger_names: str) -> None:
    for name in logger_names:
        logging.getLogger(name).addFilter(RedactTokens())
