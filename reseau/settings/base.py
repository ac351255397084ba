"""Settings shared by every environment, one module per concern; dev.py,
production.py and test.py start from here. Every value reads the environment
(reseau/settings/environment.py) with a safe default, so a newcomer sets nothing."""

from .caches import *  # noqa: F403
from .environment import *  # noqa: F403
from .files import *  # noqa: F403
from .i18n import *  # noqa: F403
from .jobs import *  # noqa: F403
from .live import *  # noqa: F403
from .mail import *  # noqa: F403
from .project import *  # noqa: F403
from .scale import *  # noqa: F403
from .security import *  # noqa: F403
from .tenancy import *  # noqa: F403
from .wagtail import *  # noqa: F403
from .web import *  # noqa: F403
