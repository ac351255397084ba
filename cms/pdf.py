"""Printed bridge: A4 PDFs for the town hall's notice board (fpdf2).

- `poster(commune=...)`: "join your neighbours" with a QR code to the signup page;
- `weekly_digest(commune=...)`: the week's newest offers, requests and events.

DejaVu Sans is used when the system has it (every character of French and
beyond); otherwise the PDF core font Helvetica, with text folded to Latin-1."""

import datetime
import io
from pathlib import Path

import qrcode
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from cms.listings import upcoming_events
from discussions.selectors import newest_listings
from socle.communes import commune_url

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
_LATIN1 = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "œ": "oe",
        "Œ": "OE",
        "€": "EUR",
        "\u202f": " ",
        "\u2009": " ",
    }
)


class _Document(FPDF):
    def __init__(self, *, commune):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.commune = commune
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(commune.name)
        self.set_creator("Réseau")
        self.family = "Helvetica"
        for folder in FONT_DIRS:
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                self.add_font("DejaVu", "", str(regular))
                self.add_font("DejaVu", "B", str(bold))
                self.family = "DejaVu"
                break
        self.colour = _rgb(commune.primary_colour)

    def text_of(self, text: str) -> str:
        text = str(text)
        if self.family == "Helvetica":
            return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")
        return text

    def font(self, size: float, bold: bool = False):
        self.set_font(self.family, "B" if bold else "", size)

    def write_line(
        self,
        text: str,
        *,
        size: float = 11,
        bold: bool = False,
        height: float = 6,
        align: str = "L",
    ):
        self.font(size, bold)
        self.multi_cell(0, height, self.text_of(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _when(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F, H\\hi")


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    try:
        return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
    except ValueError:
        return 31, 111, 92


def _qr_png(url: str) -> io.BytesIO:
    image = qrcode.make(url, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def poster(*, commune) -> bytes:
    """An A4 poster inviting the commune's residents to join, with a QR code."""
    signup = commune_url(commune, "/accounts/signup/")
    doc = _Document(commune=commune)
    doc.add_page()
    doc.set_fill_color(*doc.colour)
    doc.rect(0, 0, 210, 48, style="F")
    doc.set_text_color(255, 255, 255)
    doc.set_y(14)
    doc.write_line(commune.name, size=30, bold=True, height=14, align="C")
    doc.write_line(_("The neighbours' network"), size=15, height=8, align="C")
    doc.set_text_color(20, 20, 20)
    doc.set_y(62)
    doc.write_line(_("Join your neighbours"), size=26, bold=True, height=12, align="C")
    doc.ln(4)
    doc.write_line(
        _("Offer or ask for a hand, lend a drill, share a garden, hear about what happens nearby."),
        size=14,
        height=8,
        align="C",
    )
    if commune.tagline:
        doc.ln(2)
        doc.write_line(commune.tagline, size=12, height=7, align="C")
    doc.image(_qr_png(signup), x=55, y=125, w=100, h=100)
    doc.set_y(232)
    doc.write_line(_("Scan the code or go to:"), size=12, height=7, align="C")
    doc.write_line(signup, size=13, bold=True, height=8, align="C")
    doc.ln(4)
    doc.write_line(_("Free, run by the commune and its residents."), size=10, height=6, align="C")
    return bytes(doc.output())


def digest_items(*, since: datetime.datetime, now: datetime.datetime) -> dict[str, list]:
    """What the weekly digest prints: the feed's offers and requests of the week,
    and the coming three weeks' events (the agenda's pages and the feed's events)
    as (starts_at, title, place) sorted by date."""
    listings = newest_listings(since=since, kinds=["offre", "demande", "evenement"], limit=80)
    until = now + datetime.timedelta(days=21)
    events = [(e.starts_at, e.title, e.place) for e in upcoming_events(limit=12, until=until)]
    events += [
        (p.event_starts_at, p.title, p.event_place)
        for p in listings
        if p.kind == "evenement" and p.event_starts_at and now <= p.event_starts_at < until
    ]
    return {
        "offers": [p for p in listings if p.kind == "offre"][:15],
        "requests": [p for p in listings if p.kind == "demande"][:15],
        "events": sorted(events, key=lambda event: event[0])[:15],
    }


def weekly_digest(*, commune, now: datetime.datetime | None = None) -> bytes:
    """An A4 digest of the last seven days for the town hall's notice board."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=7)
    items = digest_items(since=since, now=now)
    doc = _Document(commune=commune)
    doc.add_page()
    doc.set_fill_color(*doc.colour)
    doc.rect(0, 0, 210, 34, style="F")
    doc.set_text_color(255, 255, 255)
    doc.set_y(10)
    doc.write_line(commune.name, size=22, bold=True, height=10)
    doc.write_line(
        _("This week between neighbours: %(start)s to %(end)s")
        % {
            "start": date_format(timezone.localtime(since), "j F"),
            "end": date_format(timezone.localtime(now), "j F Y"),
        },
        size=12,
    )
    doc.set_text_color(20, 20, 20)
    doc.set_y(42)

    def section(title: str, rows: list[tuple[str, str]], empty: str):
        doc.ln(2)
        doc.set_text_color(*doc.colour)
        doc.write_line(title, size=15, bold=True, height=9)
        doc.set_text_color(20, 20, 20)
        if not rows:
            doc.write_line(empty, size=11)
        for heading, detail in rows:
            doc.write_line(heading, size=11, bold=True)
            if detail:
                doc.write_line(detail, size=10, height=5)
            doc.ln(1.5)

    def posts(listings):
        # Titles and quartiers only: the sheet hangs in a public place, so no
        # names and no text; the neighbours answer on the site or at the town hall.
        return [
            (
                post.title,
                " · ".join(
                    part
                    for part in (
                        post.quartier.name if post.quartier_id else "",
                        date_format(timezone.localtime(post.created_at), "l j F"),
                    )
                    if part
                ),
            )
            for post in listings
        ]

    section(_("Offers of help"), posts(items["offers"]), _("No offer this week."))
    section(_("Requests for help"), posts(items["requests"]), _("No request this week."))
    section(
        _("Upcoming events"),
        [
            (title, " · ".join(part for part in (_when(starts_at), place) if part))
            for starts_at, title, place in items["events"]
        ],
        _("No event planned yet."),
    )
    doc.ln(4)
    doc.write_line(
        _("Answer, offer a hand or join: %(url)s") % {"url": commune_url(commune, "/")},
        size=11,
        bold=True,
    )
    return bytes(doc.output())
