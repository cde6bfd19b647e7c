"""Alembic environment: runs on a connection handed over by provenance, or on the resolved store URL.

Either way the migrations run inside one transaction opened by ``provenance.store.engine.migrating``:
DDL included (on SQLite too: pysqlite's own transaction handling is off on that connection), so a
kill at any statement leaves the store at the revision it had; processes take turns.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from provenance.store.engine import migrating, resolve_url
from provenance.store.models import Base

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return resolve_url(
        context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option("sqlalchemy.url")
    )


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection) -> None:
    # The connection is inside migrating()'s transaction: Alembic runs every revision in it.
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, transactional_ddl=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with migrating(_url()) as conn:
        _run(conn)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
