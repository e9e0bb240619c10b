#!/usr/bin/env bash
# `make install` et `make uninstall` : le lien BINDIR/cafedemarches vers la commande de ce
# dossier (.venv/bin/cafedemarches). Seul le lien du kit de CE dossier est remplacé ou retiré :
# un fichier, ou un lien qui mène ailleurs (un autre programme, une autre copie du kit), reste
# tel quel, et le script le dit.
set -u
action=$1 target=$2 link=$3
venv=$(dirname "$(dirname "$target")")  # le dossier .venv de ce dossier

# Vrai quand `link` est un lien qui mène dans le .venv de ce dossier.
ours() {
  [ -L "$link" ] || return 1
  local to
  to=$(readlink "$link") || return 1
  case "$to" in /*) ;; *) to="$(dirname "$link")/$to" ;; esac
  local physical
  physical=$(cd "$venv" 2>/dev/null && pwd -P) || physical=$venv
  case "$to" in "$venv"/* | "$physical"/*) return 0 ;; esac
  return 1
}

describe() {
  if [ -L "$link" ]; then echo "un lien vers $(readlink "$link")"; else echo "un fichier"; fi
}

case "$action" in
install)
  mkdir -p "$(dirname "$link")"
  if { [ -e "$link" ] || [ -L "$link" ]; } && ! ours; then
    echo "$link existe déjà ($(describe)) : rien n'est changé." >&2
    echo "Ce n'est pas la commande de ce dossier ; retirez-le vous-même s'il ne sert plus," \
      "puis relancez make install." >&2
    exit 1
  fi
  ln -sfn "$target" "$link"
  echo "La commande cafedemarches est installée : $link"
  ;;
uninstall)
  if ours; then
    rm -f "$link"
    echo "Commande retirée : $link (les données restent)"
  elif [ -e "$link" ] || [ -L "$link" ]; then
    echo "$link n'est pas la commande de ce dossier ($(describe)) : laissé tel quel." >&2
  else
    echo "Pas de commande cafedemarches dans $(dirname "$link") : rien à retirer."
  fi
  ;;
*)
  echo "usage : $0 install|uninstall CIBLE LIEN" >&2
  exit 2
  ;;
esac
