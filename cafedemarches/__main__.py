from cafedemarches.cli.app import run

run()
