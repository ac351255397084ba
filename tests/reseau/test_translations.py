"""Catalogs are shared by every app: a word translated one way in one app must
not change another app's label."""

from django.utils import translation

from discussions.models import Post
from objets.forms import SearchForm


def test_the_directorys_to_is_not_the_car_shares_destination():
    with translation.override("fr"):
        assert str(SearchForm.base_fields["du"].label) == "Disponible du"
        assert str(SearchForm.base_fields["au"].label) == "au"
        assert str(Post._meta.get_field("ride_from").verbose_name) == "départ"
        assert str(Post._meta.get_field("ride_to").verbose_name) == "destination"
