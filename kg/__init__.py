"""napkg: a knowledge graph of national action plans on business and human rights.

The library: ``build`` turns the curated records into a validated, reasoned
store; ``open_current`` opens the last good build; ``query`` and ``export``
read it. The CLI and the service are thin layers over these.
"""

from .build import BuildReport, build, open_current, prepare
from .errors import NapkgError
from .settings import Settings

__all__ = ["build", "prepare", "open_current", "BuildReport", "Settings", "NapkgError"]
__version__ = "0.1.0"
