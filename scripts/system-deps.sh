#!/usr/bin/env bash
# Vérifie ce que le kit demande au système : le module venv de Python (python3-venv sur Debian
# et Ubuntu : sans lui, la création de .venv échoue avec un message anglais sur « ensurepip ») et
# Pango (nécessaire à WeasyPrint pour les PDF). Les installe avec apt-get quand on est root sur
# Debian/Ubuntu, sinon dit quoi faire.
set -euo pipefail
PY=${PY:-python3}
have_venv() { "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; }
have_libs() {
  ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' &&
    ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' &&
    ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so'
}
have_tools() { command -v pdftoppm >/dev/null 2>&1; }
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "Python est introuvable ($PY). Installez Python 3.11 ou plus récent (sudo apt-get install python3)." >&2
  exit 1
fi
[ "$(uname -s)" = Linux ] || exit 0
pkgs=""
venv_pkg="python3-venv"
if ! have_venv; then
  version=$("$PY" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  venv_pkg="python3-venv python$version-venv"
  pkgs="$venv_pkg"
fi
have_libs && have_tools || pkgs="$pkgs libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils"
[ -z "$pkgs" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation de ce qui manque au système : $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # pythonX.Y-venv n'existe pas partout : on installe ce qui existe.
  for p in $pkgs; do apt-get install -y -qq "$p" >/dev/null 2>&1 || true; done
  if ! have_venv; then
    echo "Le module venv de Python manque toujours. Lancez : apt-get install $venv_pkg" >&2
    exit 1
  fi
  exit 0
fi
if ! have_venv; then
  echo "Il manque le module venv de Python (pour créer le dossier .venv). Lancez : sudo apt-get install $venv_pkg" >&2
  exit 1
fi
if have_libs; then exit 0; fi
echo "Il manque la bibliothèque Pango pour fabriquer les PDF. Lancez : sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0" >&2
exit 1
