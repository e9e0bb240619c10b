from cafedemarches.cli.entry import run

run()
