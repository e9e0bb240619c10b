#!/usr/bin/env bash
# Dit une fois (la première fois que `make run` lance le kit) comment lancer `cafedemarches`
# sans make, quand la commande n'est pas déjà dans le PATH.
set -u
bin=$1 bindir=$2
marker="$bin/../.chemin-explique"
[ -e "$marker" ] && exit 0
touch "$marker"
command -v cafedemarches >/dev/null 2>&1 && exit 0
# Des lignes de moins de 80 colonnes, chaque chemin seul sur la sienne : un terminal de 80
# colonnes ne coupe jamais un mot.
echo "Le kit est installé dans ce dossier. Pour taper « cafedemarches » (et les"
echo "commandes du README) depuis n'importe quel terminal : make install, qui met"
echo "un lien dans le dossier :"
echo "  $bindir"
echo "Sans rien installer, la commande est :"
echo "  $(cd "$bin" && pwd)/cafedemarches"
echo
