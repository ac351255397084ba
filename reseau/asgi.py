import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")

from django.core.asgi import get_asgi_application  # noqa: E402

django_application = get_asgi_application()

from reseau.routing import build_application  # noqa: E402

application = build_application(django_application)
