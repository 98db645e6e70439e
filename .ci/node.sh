# Source this file (`. .ci/node.sh`) to run with the Node.js line the image ships: it puts that
# Node first on PATH, fetched once from the npm registry (the `node-linux-<arch>` package, no
# other download) into .ci/tools. CI runs install, lint, build and tests with it; so can you.
NODE_LINE=24

_node_arch=$(uname -m | sed -e 's/^x86_64$/x64/' -e 's/^aarch64$/arm64/')
_node_tools="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tools/node$NODE_LINE"
_node_package="$_node_tools/node_modules/node-linux-$_node_arch"
if [ ! -x "$_node_package/bin/node" ]; then
  echo "installing Node.js $NODE_LINE into $_node_tools" >&2
  npm install --prefix "$_node_tools" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-$_node_arch@$NODE_LINE" >&2
fi
export PATH="$_node_package/bin:$PATH"
# node-gyp (sqlite3 and argon2 build from source) takes the headers beside the binary instead of
# downloading them.
export npm_config_nodedir="$_node_package"
unset _node_arch _node_tools _node_package
