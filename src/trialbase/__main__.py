from trialbase.cli import main

main()
