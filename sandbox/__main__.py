"""``python -m sandbox``: start the local FIT-Connect sandbox."""

import sys

from sandbox.cli import main

sys.exit(main())
