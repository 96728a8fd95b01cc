"""`python -m hfdesk`: the headless commands (same as `hfdesk` with arguments)."""

from hfdesk.cli import main

raise SystemExit(main())
