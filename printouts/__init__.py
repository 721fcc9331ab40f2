"""Printouts as PDF: what the kiosk puts on paper (issue 4). No Kivy, no printer here.

Each function reads an open content pack (content.pack.reader.open_pack) and returns a `Printout`:
the PDF bytes, the number of pages, the title and the page size. Sending it to a printer
(CUPS) is the caller's business; `Printout.kind` says which paper it is laid out for
('receipt': an 80 mm thermal roll; everything else: A4).

    leaflet(pack, service_id, lang="ru", large=False)   a service, A4, one or two pages;
                                                         large=True: the large-print one
    brochure(pack, category_id, lang="ru")              a category as a booklet, contents
    my_list(pack, [(kind, key), ...], lang="ru")        a visitor's list; kind: service,
                                                         agency or event
    cards(pack, [service_id, ...], lang="ru")           QR cards, ten to an A4 sheet
    receipt(pack, service_id, lang="ru")                an 80 mm slip
    request_slip(pack, reference, kind, sent_at, next_steps, agency_id=…, location_id=…,
                 service_id=…, lang="ru", paper="a4")   a sent request's confirmation,
                                                         A4 or paper="80mm"; no personal data

Unknown ids raise UnknownItemError (a LookupError) naming the id; missing fonts raise
FontsMissingError naming the Debian package (fonts-paratype). The same pack and arguments
give the same bytes. Layout (pages, margins, styles) is data: printouts/layouts.yaml.
`python -m printouts.samples` renders every kind to PNG for review (docs/printouts/).
"""

from printouts.brochure import brochure
from printouts.cards import NoCodeError, cards
from printouts.document import Printout
from printouts.fonts import FontsMissingError
from printouts.leaflet import leaflet
from printouts.mylist import my_list
from printouts.pieces import UnknownItemError
from printouts.qr import NotAReferenceError
from printouts.receipt import receipt
from printouts.request_slip import request_slip

__all__ = [
    "FontsMissingError",
    "NoCodeError",
    "NotAReferenceError",
    "Printout",
    "UnknownItemError",
    "brochure",
    "cards",
    "leaflet",
    "my_list",
    "receipt",
    "request_slip",
]
