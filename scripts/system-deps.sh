#!/usr/bin/env bash
# Vérifie que Pango (nécessaire à WeasyPrint pour les PDF) est présent ;
# l'installe avec apt-get quand on est root sur Debian/Ubuntu, sinon dit quoi faire.
set -euo pipefail
have_libs() {
  ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' &&
    ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' &&
    ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so'
}
have_tools() { command -v pdftoppm >/dev/null 2>&1; }
[ "$(uname -s)" = Linux ] || exit 0
if have_libs && have_tools; then exit 0; fi
pkgs="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installation des bibliothèques nécessaires aux PDF : $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $pkgs >/dev/null
  exit 0
fi
if have_libs; then exit 0; fi
echo "Il manque la bibliothèque Pango pour fabriquer les PDF. Lancez : sudo apt-get install $pkgs" >&2
exit 1
