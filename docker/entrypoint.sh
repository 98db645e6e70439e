#!/bin/sh
# Container entrypoint: brings the database schema up to date, then runs the given command
# (the API by default; the worker service passes its own command).
set -e
node node_modules/typeorm/cli.js migration:run -d dist/database/data-source.js
exec "$@"
