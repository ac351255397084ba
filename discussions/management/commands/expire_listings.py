"""Warn authors whose offers and requests expire soon, in every commune.

Expired posts leave the feed by themselves (the feed filters on `expires_at`);
this command sends the "expires soon" notice once per listing, and asks the
authors of listings just expired "C'est réglé ?". Run it daily."""

from django.core.management.base import BaseCommand

from discussions.services import ask_expired_listings_settled, notify_expiring_listings
from socle.communes import for_each_commune


class Command(BaseCommand):
    help = "Warn the authors of offers and requests about to expire (every commune)."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3)

    def handle(self, *args, days_before, **options):
        total = 0
        for commune, warned in for_each_commune(
            lambda commune: (
                notify_expiring_listings(days_before=days_before) + ask_expired_listings_settled()
            )
        ):
            total += warned
            if warned and options["verbosity"] > 1:
                self.stdout.write(f"{commune.slug}: {warned}")
        if options["verbosity"]:
            self.stdout.write(f"{total} listing(s) about to expire or expired, authors told.")
