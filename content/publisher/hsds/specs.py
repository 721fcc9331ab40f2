"""The HSDS tables and columns the importer knows, under their 3.0 and 1.x names.

Table and column names are those of HSDS 3.0 (singular table names, `schedule.byday`,
`attribute`, `taxonomy_term`, `address`, `url`) and of the HSDS 1.x data packages most
directories still publish (plural names, `regular_schedules.weekday`, `physical_addresses`,
`services_taxonomy`, `accessibility_for_disabilities`, `eligibility`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath


@dataclass(frozen=True)
class TableSpec:
    names: tuple[str, ...]  # file stems / datapackage resource names, 3.0 first
    columns: tuple[str, ...]  # every column the importer knows (3.0 and 1.x)
    required: tuple[str, ...] = ()  # columns without which no row is usable
    row_id: bool = False  # rows must have a unique `id`


def _cols(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TABLES: dict[str, TableSpec] = {
    "organization": TableSpec(
        ("organization", "organizations"),
        _cols("id name alternate_name description email website url tax_status tax_id "
              "year_incorporated legal_status logo uri parent_organization_id last_modified"),
        ("id", "name"), True,
    ),
    "service": TableSpec(
        ("service", "services"),
        _cols("id organization_id program_id name alternate_name description short_description "
              "url email status interpretation_services application_process fees_description "
              "wait_time fees accreditations eligibility_description minimum_age maximum_age "
              "assured_date assurer_email licenses alert last_modified"),
        ("id", "name"), True,
    ),
    "location": TableSpec(
        ("location", "locations"),
        _cols("id location_type url organization_id name alternate_name description "
              "transportation latitude longitude external_identifier external_identifier_type"),
        ("id",), True,
    ),
    "service_at_location": TableSpec(
        ("service_at_location", "services_at_location", "service_at_locations",
         "services_at_locations"),
        _cols("id service_id location_id description"),
        ("service_id", "location_id"),
    ),
    "address": TableSpec(
        ("address", "addresses", "physical_address", "physical_addresses"),
        _cols("id location_id attention address_1 address_2 address_3 address_4 city region "
              "state_province postal_code country address_type"),
        ("location_id",),
    ),
    "postal_address": TableSpec(
        ("postal_address", "postal_addresses"),
        _cols("id location_id attention address_1 address_2 address_3 address_4 city region "
              "state_province postal_code country address_type"),
        ("location_id",),
    ),
    "phone": TableSpec(
        ("phone", "phones"),
        _cols("id location_id service_id organization_id contact_id service_at_location_id "
              "number extension type language description department"),
        ("number",),
    ),
    "schedule": TableSpec(
        ("schedule", "schedules", "regular_schedule", "regular_schedules"),
        _cols("id service_id location_id service_at_location_id valid_from valid_to dtstart "
              "timezone until count wkst freq interval byday byweekno bymonthday byyearday "
              "description opens_at closes_at schedule_link attending_type notes weekday"),
    ),
    "holiday_schedule": TableSpec(
        ("holiday_schedule", "holiday_schedules"),
        _cols("id service_id location_id service_at_location_id closed opens_at closes_at "
              "start_date end_date"),
    ),
    "accessibility": TableSpec(
        ("accessibility", "accessibilities", "accessibility_for_disabilities"),
        _cols("id location_id description details url accessibility"),
        ("location_id",),
    ),
    "taxonomy": TableSpec(
        ("taxonomy", "taxonomies"),
        _cols("id name description uri version parent_id parent_name vocabulary"),
        ("id",), True,
    ),
    "taxonomy_term": TableSpec(
        ("taxonomy_term", "taxonomy_terms"),
        _cols("id code name description parent_id language taxonomy taxonomy_id term_uri "
              "version"),
        ("id",), True,
    ),
    "attribute": TableSpec(
        ("attribute", "attributes"),
        _cols("id link_id taxonomy_term_id link_type link_entity value label"),
        ("link_id", "taxonomy_term_id"),
    ),
    "service_taxonomy": TableSpec(
        ("services_taxonomy", "service_taxonomy", "services_taxonomies", "service_taxonomies",
         "service_attribute", "service_attributes"),
        _cols("id service_id taxonomy_id taxonomy_term_id taxonomy_detail"),
        ("service_id",),
    ),
    "cost_option": TableSpec(
        ("cost_option", "cost_options"),
        _cols("id service_id valid_from valid_to option currency amount amount_description"),
        ("service_id",),
    ),
    "required_document": TableSpec(
        ("required_document", "required_documents"),
        _cols("id service_id document uri"),
        ("service_id", "document"),
    ),
    "eligibility": TableSpec(
        ("eligibility", "eligibilities"),
        _cols("id service_id eligibility"),
        ("service_id", "eligibility"),
    ),
    "url": TableSpec(("url", "urls"), _cols("id label url organization_id service_id"), ("url",)),
    "metadata": TableSpec(
        ("metadata",),
        _cols("id resource_id resource_type last_action_date last_action_type field_name "
              "previous_value replacement_value updated_by"),
        ("resource_id",),
    ),
}  # fmt: skip

IGNORED_TABLES = frozenset(
    "contact contacts program programs funding fundings language languages service_area "
    "service_areas organization_identifier organization_identifiers service_capacity "
    "service_capacities unit units meta_table_description meta_table_descriptions "
    "payments_accepted payment_accepted location_taxonomy".split()
)
"""HSDS tables the kiosk has no place for; they are skipped without a warning."""

_ALIASES = {name: key for key, spec in TABLES.items() for name in spec.names}


def table_for(name: str) -> str | None:
    """'services' / 'Services.csv' / 'regular_schedules' -> the canonical table name."""
    stem = PurePosixPath(name).name.lower()
    stem = stem[:-4] if stem.endswith(".csv") else stem
    return _ALIASES.get(stem.replace("-", "_").replace(" ", "_"))


def is_ignored(name: str) -> bool:
    stem = PurePosixPath(name).name.lower().removesuffix(".csv")
    return stem.replace("-", "_") in IGNORED_TABLES
