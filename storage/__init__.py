"""Storage: the schema, the engine, migrations and every query. Nobody else writes SQL."""
