from deeproots.cli import main

main()
