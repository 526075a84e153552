"""`python -m siteaudit` runs the command line."""

from siteaudit.cli import main

main()
