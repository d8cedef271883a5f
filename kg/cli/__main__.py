"""``python -m kg.cli``: the ``napkg`` command (guarded: multiprocessing's spawn re-imports the main module)."""

from . import main

if __name__ == "__main__":
    main()
