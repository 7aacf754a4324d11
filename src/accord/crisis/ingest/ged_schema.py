"""The UCDP Georeferenced Event Dataset (GED) schema: its columns, its codes, and what Accord keeps.

Shared by the row-by-row reader (which explains every bad field) and the columnar reader (which
takes clean files a block at a time), so that both read a row the same way.
"""

from __future__ import annotations

from accord.crisis.models import Category

GED_COLUMNS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)
# What Accord keeps of a GED row beyond the event's own fields: identifiers of the conflict, the dyad
# and the sides, precision codes, death counts by side. Headlines, articles and original sources can
# name private persons and are not kept; the WKT geometry, the years and the dyad name (the event's
# description) are derivable from fields that are. They are kept as a list in this order: a third of
# the size of an object with names, which a million events feel.
GED_ATTRIBUTES = (
    "relid",
    "code_status",
    "conflict_new_id",
    "conflict_name",
    "dyad_new_id",
    "side_a_new_id",
    "side_a",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_office",
    "source_date",
    "where_prec",
    "where_description",
    "adm_2",
    "priogrid_gid",
    "event_clarity",
    "date_prec",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "gwnoa",
    "gwnob",
)
GED_CATEGORIES = {"1": Category.STATE_BASED, "2": Category.NON_STATE, "3": Category.ONE_SIDED}
GED_DATE_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month", "5": "year"}
GED_PLACE_PRECISION = {
    "1": "point",
    "2": "point",
    "3": "admin",
    "4": "admin",
    "5": "admin",
    "6": "country",
    "7": "country",
}
GED_SOURCE = {
    "key": "ref-ucdp-ged",
    "title": "UCDP Georeferenced Event Dataset (GED) version 23.1",
    "publisher": "Uppsala Conflict Data Program",
    "licence": "CC BY 4.0",
    "address": "data/demo/ged-23.1-sample.csv",
}
SOURCE_KEY = "ucdp-ged"
# Longest text the event keeps of these columns (the database's column sizes).
PLACE_LENGTH = 300
ADMIN1_LENGTH = 200
DESCRIPTION_LENGTH = 500
SOURCE_ID_LENGTH = 64


def named_attributes(values: list[str]) -> dict[str, str]:
    """A GED event's kept fields by name, the empty ones left out."""
    return {name: value for name, value in zip(GED_ATTRIBUTES, values, strict=False) if value}
