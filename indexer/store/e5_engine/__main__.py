import sys

from indexer.store.e5_engine import main

sys.exit(main())
