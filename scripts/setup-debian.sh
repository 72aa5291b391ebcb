#!/usr/bin/env bash
# Installs the Debian packages wfsim needs to build, test and read its results.
# Idempotent: when every package is present it installs nothing and touches no package list.
set -euo pipefail

packages=(
  build-essential cmake ninja-build git pkg-config
  libboost-random-dev libeigen3-dev libyaml-cpp-dev libyaml-dev libhdf5-dev hdf5-tools
  libssl-dev zlib1g-dev libcli11-dev libgtest-dev libxlsxwriter-dev
  python3 python3-h5py python3-numpy python3-xarray python3-h5netcdf python3-yaml python3-openpyxl
  chromium poppler-utils r-base-core r-cran-hdf5r
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
