"""/entraide/ on the platform site: the public offers and requests of every
open commune (tenants/entraide.py), with a list of departments (no JavaScript)."""

from django.shortcuts import render

from tenants import entraide
from tenants.forms import EntraideFilterForm


def listings(request):
    form = EntraideFilterForm(request.GET or None)
    rows, has_next, filters = [], False, {}
    if form.is_bound and not form.is_valid():
        status = 400
        for error in form.errors.get("page", []):
            form.add_error(None, error)  # a hidden field shows its error on top
    else:
        status = 200
        data = form.cleaned_data if form.is_bound else {}
        filters = {name: value for name, value in data.items() if value and name != "page"}
        page = data.get("page") or 1
        rows, has_next = entraide.search_listings(
            kind=data.get("type") or "",
            category=data.get("categorie") or "",
            department=data.get("departement") or "",
            commune=data.get("commune") or "",
            query=data.get("q") or "",
            page=page,
        )
    page = (form.cleaned_data.get("page") or 1) if status == 200 and form.is_bound else 1
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tenants/entraide/list.html",
        {
            "form": form,
            "listings": rows,
            "filters": filters,
            "departments": entraide.department_counts(),
            "page": page,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if has_next else None,
            "query": query.urlencode(),
        },
        status=status,
    )
