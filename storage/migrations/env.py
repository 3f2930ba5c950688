"""Alembic environment: migrations run on the engine that storage.database hands over."""

from alembic import context

from gatewatch.storage.models import metadata

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # run from the alembic command line
    from gatewatch.storage.database import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url"))

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
