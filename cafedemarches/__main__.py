from cafedemarches.cli.app import main

main()
