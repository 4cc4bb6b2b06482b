from pemilu.cli import main

main()
