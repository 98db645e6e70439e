#!/bin/sh
# Container entrypoint: runs the given command (the API by default; the worker service passes its
# own). Before the API it brings the database schema up to date; the worker waits for that schema
# itself, so the two containers never race to apply a migration.
set -e
case "$*" in
  *dist/main.js*) node node_modules/typeorm/cli.js migration:run -d dist/database/data-source.js ;;
esac
exec "$@"
