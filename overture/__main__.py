from overture.cli import main

main()
