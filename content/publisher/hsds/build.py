"""The builder: shared state, the order of the build steps, URLs, review dates, pack.yaml."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from content.publisher.fields import Problems
from content.publisher.hsds.agencies import AgencySteps
from content.publisher.hsds.locations import LocationSteps
from content.publisher.hsds.schedules import HourSteps
from content.publisher.hsds.services import ServiceSteps
from content.publisher.hsds.values import Ids, parse_date
from content.urls import UnsafeUrl, check_url, url_host


# The steps share one state (indexes, id maps, emitted files), so they are mixins over one
# object rather than functions passing a dozen dicts around.
class Builder(AgencySteps, LocationSteps, HourSteps, ServiceSteps):
    """Turns the read tables into content files (`files`: path -> data) and counts."""

    def __init__(self, tables, dataset, problems: Problems, today: date):
        self.t, self.problems, self.today = tables, problems, today
        self.meta = dataset.datapackage or {}
        self.label = dataset.label  # the path of problems about the dataset as a whole
        self.files: dict[str, object] = {}
        self.counts = {"services": 0, "agencies": 0, "locations": 0}
        self.hosts: set[str] = set()
        self.dropped_http = 0
        self.dropped_unsafe: list[str] = []
        self.agency_id, self.location_id = Ids("agency"), Ids("location")
        self.service_id, self.category_id = Ids("service"), Ids("category")
        self.district_id = Ids("district")

    def rows(self, table: str):
        t = self.t.get(table)
        return [(t.file, line, row) for line, row in t.rows] if t else []

    def error(self, file, line, message):
        self.problems.error(file, line, message)

    def warning(self, file, line, message):
        self.problems.warning(file, line, message)

    # -- web addresses and dates ---------------------------------------------------------

    def https(self, value: str | None) -> str | None:
        """An https address to publish (its host joins allowed_hosts), or None."""
        value = (value or "").strip()
        if not value:
            return None
        lowered = value.lower()
        if lowered.startswith("http://") or lowered.startswith("www."):
            self.dropped_http += 1
            return None
        if not lowered.startswith("https:"):
            return None
        try:
            # Every check but the allowlist, which this import writes from the hosts it keeps:
            # an address a browser reads with another host than ours never gets that far.
            return check_url(value, (url_host(value) or "",))
        except UnsafeUrl as exc:
            self.dropped_unsafe.append(str(exc))
            return None

    def publish(self, url: str | None) -> str | None:
        if url:
            self.hosts.add(url_host(url))
        return url

    def review_date(self, file, line, *candidates: str | None) -> date:
        for value in candidates:
            if value:
                try:
                    return parse_date(value)
                except ValueError:
                    self.warning(file, line, f"cannot read the date '{value}'; using today")
        return self.today

    # -- the build -----------------------------------------------------------------------

    def build(self, pack_id: str, region: str) -> None:
        if "service" not in self.t:
            self.error(self.label, 0, "no service table (service.csv or services.csv) was found")
        if "organization" not in self.t:
            self.error(
                self.label, 0, "no organization table (organization.csv or organizations.csv)"
            )
        self.index_side_tables()
        self.read_organizations()
        self.read_services()
        self.read_locations()
        self.read_addresses()
        self.read_phones()
        self.read_schedules()
        self.read_accessibility()
        self.read_taxonomy()
        categories = self.emit_categories()
        districts = self.emit_agencies()
        self.emit_services(categories)
        if self.dropped_http:
            self.warning(
                self.label,
                0,
                f"{self.dropped_http} web address(es) were not https:// and were left out "
                "(the kiosk opens only https addresses)",
            )
        if self.dropped_unsafe:
            self.warning(
                self.label,
                0,
                f"{len(self.dropped_unsafe)} web address(es) were left out as unsafe, "
                f"the first: {self.dropped_unsafe[0]}",
            )
        self.files["districts.yaml"] = districts
        self.files["pack.yaml"] = self.pack(pack_id, region)

    def index_side_tables(self) -> None:
        self.urls: dict[str, list[str]] = defaultdict(list)
        for _, _, row in self.rows("url"):
            for key in ("service_id", "organization_id"):
                if row.get(key):
                    self.urls[row[key]].append(row["url"])
        self.reviewed_meta: dict[str, str] = {}
        for _, _, row in self.rows("metadata"):
            value = row.get("last_action_date", "")
            try:
                parsed = parse_date(value).isoformat()
            except ValueError:
                continue
            rid = row["resource_id"]
            self.reviewed_meta[rid] = max(parsed, self.reviewed_meta.get(rid, ""))
        self.documents: dict[str, list[str]] = defaultdict(list)
        for _, _, row in self.rows("required_document"):
            self.documents[row["service_id"]].append(row["document"])
        self.eligibility: dict[str, list[str]] = defaultdict(list)
        for _, _, row in self.rows("eligibility"):
            self.eligibility[row["service_id"]].append(row["eligibility"])
        self.costs: dict[str, list[dict]] = defaultdict(list)
        for _, _, row in self.rows("cost_option"):
            self.costs[row["service_id"]].append(row)

    def dataset_url(self) -> str | None:
        if not hasattr(self, "_dataset_url"):
            self._dataset_url = self._find_dataset_url()
        return self._dataset_url

    def _find_dataset_url(self) -> str | None:
        candidates = [self.meta.get("homepage")]
        for src in self.meta.get("sources") or []:
            if isinstance(src, dict):
                candidates += [src.get("path"), src.get("url")]
        for value in candidates:
            if isinstance(value, str) and (url := self.https(value)):
                return url
        return None

    def pack(self, pack_id: str, region: str) -> dict:
        hosts = sorted(self.hosts)
        hosts = [h for h in hosts if not any(h.endswith("." + other) for other in hosts)]
        title = self.meta.get("title") or self.meta.get("name") or "Импорт из набора данных HSDS"
        return {
            "id": pack_id,
            "title": {"ru": str(title)},
            "region": region,
            "languages": ["ru", "en"],
            "demo": False,
            "version": 1,
            "allowed_hosts": hosts,
        }
