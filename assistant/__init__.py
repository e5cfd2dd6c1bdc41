"""hep-repro: reproduce a published HEP event selection from its paper."""

__version__ = "0.1.0"
