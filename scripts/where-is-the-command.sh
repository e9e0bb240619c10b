#!/usr/bin/env bash
# Dit une fois (la première fois que `make run` lance le kit) comment lancer `cafedemarches`
# sans make, quand la commande n'est pas déjà dans le PATH.
set -u
bin=$1 bindir=$2
marker="$bin/../.chemin-explique"
[ -e "$marker" ] && exit 0
touch "$marker"
command -v cafedemarches >/dev/null 2>&1 && exit 0
echo "Le kit est installé dans ce dossier. Pour taper « cafedemarches » (et les commandes du"
echo "README) depuis n'importe quel terminal : make install   (lien dans $bindir)."
echo "Sans rien installer : $(cd "$bin" && pwd)/cafedemarches"
echo
