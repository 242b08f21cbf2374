import sys

from samverkan.cli.app import main

sys.exit(main())
