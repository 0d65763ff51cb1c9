#!/usr/bin/env bash
# Installs what RackCalc needs to build, test and run, from Debian 12 packages only.
# Idempotent: packages already present are not touched and apt is not called at all.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config
  libeigen3-dev libboost-dev libtomlplusplus-dev doctest-dev libbenchmark-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libssl-dev
  libvtk9-dev libopenmpi-dev libx11-dev
  openfoam openfoam-examples
  xvfb clang-format clang-tidy
  clang libclang-rt-14-dev
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} Debian packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
