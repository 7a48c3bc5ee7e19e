"""The migration chain produces exactly the models' schema, on SQLite and on PostgreSQL."""


import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from akn_intranet import create_app
from akn_intranet.extensions import db
from akn_intranet.search.models import include_object

from .conftest import app_config, postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path, monkeypatch):
    monkeypatch.setenv("AKN_INSTANCE_PATH", str(tmp_path / "instance"))
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    with postgres_database(request) as url:
        yield url


def test_migrations_build_exactly_the_models_schema(empty_database):
    app = create_app(app_config(empty_database))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}  # as env.py compares
            ), db.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert set(db.metadata.tables) <= tables
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_make_run_setup_is_idempotent(empty_database):
    """What `make run` does before serving: upgrade, seed, print the demo logins (twice gives the same)."""
    app = create_app(app_config(empty_database))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["akn", "demo"])
    second = runner.invoke(args=["akn", "demo"])
    assert first.exit_code == 0, first.output
    assert "koordination@akn.example" in first.output and "akn-demo-2026" in first.output
    assert "Running upgrade" in first.output and "Running upgrade" not in second.output
    assert first.output.split("Demo-Anmeldungen")[1] == second.output.split("Demo-Anmeldungen")[1]
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM forums")) == 2  # the demo forums, once
        # the first is distributed with its decisions, so the Beschlussregister shows them
        assert db.session.scalar(text("SELECT count(*) FROM decisions")) == 5
        assert db.session.scalar(text("SELECT count(*) FROM action_items WHERE decision_id IS NOT NULL")) == 3
        assert db.session.scalar(text("SELECT count(*) FROM publications")) == 1  # and its result is public
        assert db.session.scalar(text("SELECT count(*) FROM members")) == 8
        db.session.remove()
        db.engine.dispose()
