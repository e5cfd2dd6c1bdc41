"""Sub-commands of the `hep-repro` command line, one module each (see assistant/cli.py)."""
