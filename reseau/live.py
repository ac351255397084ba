"""The live helpers are in socle/live.py (group names, publishing, the hub) and
voisinages/live.py (notifications delivered live); this name stays importable."""

from socle.live import *  # noqa: F403
from voisinages.live import deliver_notifications  # noqa: F401
