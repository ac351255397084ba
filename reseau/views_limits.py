"""The answer to an action over its rate limit (RATELIMIT_VIEW): 429, in French,
in the commune's layout (or the platform's), saying what to do next."""

from django.shortcuts import render


def rate_limited(request, exception):
    return render(request, "429.html", {"reason": str(exception)}, status=429)
