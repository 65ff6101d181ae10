#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh machine: Debian packages (Chromium for the
# end-to-end tests, the AWS CLI v2 for the local service's CLI tests, libkrb5-dev and a C++ toolchain
# for code-server's native build, Python 3 and debugpy for python functions, Ruby and a JDK for ruby and java functions) and the npm modules. Node 24 and
# code-server are installed and cached outside the repository by scripts/e2e-env.mjs. Idempotent: on
# a machine that has everything it changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/aws ] || need+=(awscli)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v make >/dev/null 2>&1 || need+=(make)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# debugpy for Debug Locally of python functions (the local service debugs on a python that has it).
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import debugpy' >/dev/null 2>&1 || need+=(python3-debugpy)
command -v ruby >/dev/null 2>&1 || need+=(ruby)
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "setup: need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# A fresh clone has no node_modules: install exactly the lock file. An existing node_modules is left
# alone (it may be shared with running work); `npm install` refreshes it by hand. Under `npm test` or
# `npm run demo` this script runs inside an npm script: the inner npm gets an environment without the
# outer npm's variables (npm_config_*, npm_package_*, INIT_CWD, its node_modules/.bin on PATH), as
# test/e2e/env.ts's cleanNpmEnv does for the tool installs.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  (
    for v in $(compgen -e); do case "$v" in npm_* | NPM_* | INIT_CWD | NODE) unset "$v" ;; esac; done
    PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e '/node_modules/\.bin$' -e '/node-gyp-bin$' | paste -sd:)"
    npm ci --no-audit --no-fund --loglevel=error
  )
fi
echo "setup: ok (node $(node --version), chromium $([ -x /usr/bin/chromium ] && echo present || echo missing), aws cli $(/usr/bin/aws --version 2>&1 | cut -d' ' -f1))"
