"""How a request is answered: the middleware in order, accounts and
passwords, templates, the ASGI application."""

from .environment import BASE_DIR

MIDDLEWARE = [
    # Last to see the response: closes a connection that served too many communes.
    "socle.connections.ConnectionRecyclingMiddleware",
    # PostgreSQL away: a French 503 instead of a 500 (reseau/unavailable.py).
    "reseau.unavailable.DatabaseUnavailableMiddleware",
    "reseau.middleware.CommuneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Every answer carries the policy, those of the middleware below included.
    "reseau.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reseau.middleware.FrenchFirstLocaleMiddleware",
    # API clients choose their language with Accept-Language (the site ignores it).
    "api.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.htmx: views answer a fragment to htmx, a full page or redirect otherwise.
    "django_htmx.middleware.HtmxMiddleware",
    # Size limits before anything reads the body (CSRF reads the form in process_view).
    "reseau.request_limits.RequestLimitsMiddleware",
    "reseau.middleware.ControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "reseau.middleware.TenantRedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_USER_MODEL = "voisinages.Resident"
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "reseau.views_errors.csrf_failure"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: Django tells it of every new password, and it revokes API tokens.
    {"NAME": "api.passwords.RevokeTokensOnPasswordChange"},
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "reseau" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reseau.context_processors.commune",
            ],
            # "1er février" and "à l'instant" on every page (socle/french.py).
            "builtins": ["socle.templatetags.french"],
        },
    },
]

# Django's form renderer with the plain widgets written in Python (same HTML).
FORM_RENDERER = "reseau.form_renderer.WidgetRenderer"

WSGI_APPLICATION = None
ASGI_APPLICATION = "reseau.asgi.application"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
