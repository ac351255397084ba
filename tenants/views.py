from django.shortcuts import render

from tenants.selectors import open_communes


def landing(request):
    query = request.GET.get("q", "")[:100]
    return render(
        request,
        "tenants/landing.html",
        {"communes": open_communes(query=query), "query": query},
    )
