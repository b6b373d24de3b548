from shopbridge.cli import main

main()
