"""The ceiling: a hello-world Flask app under the same gunicorn settings as the intranet."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hallo"
