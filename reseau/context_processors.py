from django.conf import settings


def commune(request):
    current = getattr(request, "commune", None)
    return {
        "commune": current,
        "base_domain": settings.RESEAU_BASE_DOMAIN,
    }
