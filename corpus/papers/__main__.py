"""`python -m corpus.papers [--write] [NAME ...]`: check (and update) the gold page numbers."""

from corpus.papers.gold import main

raise SystemExit(main())
