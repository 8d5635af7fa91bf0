"""The JSON API's query parameters and its OpenAPI 3.1 description, from one list.

The views validate exactly the parameters listed here, and the document describes exactly them, so what
is documented is what is accepted (tests/practices/test_api.py checks that each one also filters).
"""

from dataclasses import dataclass, field
from typing import Any

from django_countries import countries

from members.enums import OrganisationKind
from practices.enums import Audience, CostBand, MaturityDimension, SetupTime

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
SORTS = ["newest", "title", "relevance"]


NO_NUL = "^[^\u0000]*$"  # text without NUL characters (PostgreSQL cannot store or compare them)


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    schema: dict[str, Any]
    repeatable: bool = False
    example: str = ""
    enum: list[str] = field(default_factory=list)

    def openapi(self) -> dict[str, Any]:
        schema = dict(self.schema)
        if self.enum:
            schema["enum"] = self.enum
        if self.repeatable:
            schema = {"type": "array", "items": schema}
        document = {"name": self.name, "in": "query", "required": False, "description": self.description}
        document |= {"schema": schema, "example": [self.example] if self.repeatable else self.example}
        if self.repeatable:
            document |= {"style": "form", "explode": True}
        return document


def _choice(name: str, description: str, choices) -> Parameter:
    values = [str(value) for value in choices.values]
    return Parameter(
        name,
        f"{description} Repeat the parameter to require several values (all must match).",
        {"type": "string"},
        repeatable=True,
        example=values[0],
        enum=values,
    )


FILTERS = [
    Parameter(
        "q",
        "Full-text search over title (weighs most), summary and description.",
        {"type": "string", "maxLength": 200, "pattern": NO_NUL},
        example="metaverse",
    ),
    Parameter(
        "theme",
        "A theme's slug (see `themes[].slug` in the results). Repeat to require several themes.",
        {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        repeatable=True,
        example="prototyping-and-virtual-worlds",
    ),
    _choice("dimension", "A digital-maturity dimension the practice helps with.", MaturityDimension),
    Parameter(
        "country",
        "ISO 3166-1 alpha-2 code of the practice's country (its owner's, unless set).",
        {"type": "string", "pattern": "^[A-Za-z]{2}$"},
        repeatable=True,
        example="IT",
    ),
    _choice("owner_kind", "The kind of organisation that owns the practice.", OrganisationKind),
    Parameter(
        "sector",
        "The practice's sector, exactly as the practice states it.",
        {"type": "string", "maxLength": 100, "pattern": NO_NUL},
        repeatable=True,
        example="Social services",
    ),
    _choice("cost_band", "What it costs to set up (transferability).", CostBand),
    _choice("setup_time", "How long it takes to set up (transferability).", SetupTime),
]
PAGINATION = [
    Parameter(
        "sort",
        "Order of the results. `relevance` needs `q` (without it, `newest` is used).",
        {"type": "string", "default": "newest"},
        example="title",
        enum=SORTS,
    ),
    Parameter("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}, example="2"),
    Parameter(
        "page_size",
        f"Results per page, at most {MAX_PAGE_SIZE}.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
        example="10",
    ),
]
LIST_PARAMETERS = {parameter.name: parameter for parameter in FILTERS + PAGINATION}
COUNTRY_CODES = frozenset(code for code, _name in countries)

_CODE_LABEL = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
    "required": ["code", "label"],
}


def _code_label(enum) -> dict[str, Any]:
    schema = {**_CODE_LABEL, "properties": {**_CODE_LABEL["properties"]}}
    schema["properties"]["code"] = {"type": "string", "enum": [str(value) for value in enum.values]}
    return schema


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


ORGANISATION = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "slug": {"type": "string"},
        "kind": {"type": "string", "enum": [str(value) for value in OrganisationKind.values]},
        "country": {"type": "string", "description": "ISO 3166-1 alpha-2, or empty."},
        "url": {"type": "string", "format": "uri"},
    },
    "required": ["name", "slug", "kind", "country", "url"],
}
SUMMARY_PROPERTIES = {
    "slug": {"type": "string"},
    "title": {"type": "string"},
    "summary": {"type": "string", "maxLength": 300},
    "url": {"type": "string", "format": "uri", "description": "The practice's page on the portal."},
    "api_url": {"type": "string", "format": "uri"},
    "owner": {"$ref": "#/components/schemas/Organisation"},
    "federation": _nullable({"$ref": "#/components/schemas/Organisation"}),
    "country": {"type": "string", "description": "ISO 3166-1 alpha-2, or empty."},
    "themes": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
            "required": ["slug", "name"],
        },
    },
    "dimensions": {"type": "array", "items": _code_label(MaturityDimension)},
    "audiences": {"type": "array", "items": _code_label(Audience)},
    "sector": {"type": "string"},
    "year_started": _nullable({"type": "integer"}),
    "cost_band": _nullable(_code_label(CostBand)),
    "setup_time": _nullable(_code_label(SetupTime)),
    "published_at": {"type": "string", "format": "date-time"},
    "adopted_by": {
        "type": "array",
        "description": "Organisations that reported adopting the practice.",
        "items": {"$ref": "#/components/schemas/Organisation"},
    },
}
DETAIL_PROPERTIES = {
    "description": {"type": "string", "description": "Markdown, as written."},
    "description_html": {"type": "string", "description": "The Markdown rendered to sanitised HTML."},
    "transferability": {
        "type": "object",
        "properties": {
            name: {"type": "string"}
            for name in ("prerequisites", "skills_needed", "transferable", "local_context")
        },
        "required": ["prerequisites", "skills_needed", "transferable", "local_context"],
    },
    "links": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"url": {"type": "string", "format": "uri"}, "label": {"type": "string"}},
            "required": ["url", "label"],
        },
    },
}
ERRORS = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "object",
            "description": "Messages by parameter name.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
    "required": ["errors"],
}
NOT_FOUND = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}


def _json(schema_name: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema_name}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def _list_parameters(theme_slugs: list[str]) -> list[dict[str, Any]]:
    """Every accepted value is described: the themes that exist now, the country codes (upper or lower
    case), and the empty value a form's blank choice sends, which is ignored."""
    codes = sorted(COUNTRY_CODES)
    described = []
    for parameter in LIST_PARAMETERS.values():
        document = parameter.openapi()
        values = {"theme": theme_slugs, "country": codes + [code.lower() for code in codes]}.get(
            parameter.name, parameter.enum
        )
        if values:
            allowed = {"type": "string", "enum": [*values, ""]}
            if parameter.repeatable:
                document["schema"]["items"] = allowed
            else:
                document["schema"] = allowed
            document["description"] += " An empty value is ignored."
        described.append(document)
    return described


def openapi_document(*, server_url: str, theme_slugs: list[str]) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the practices API, served at /api/openapi.json."""
    page_properties = {
        "count": {"type": "integer", "description": "Results over all pages."},
        "next": _nullable({"type": "string", "format": "uri"}),
        "previous": _nullable({"type": "string", "format": "uri"}),
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/PracticeSummary"}},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Mutual Learning Portal: good practices",
            "version": "1",
            "description": (
                "Read-only access to the published good practices of worker and social cooperatives, "
                "with the catalogue's search and filters, so federations can show them on their own "
                "sites. No authentication; responses allow any origin (CORS)."
            ),
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/practices/": {
                "get": {
                    "operationId": "listPractices",
                    "summary": "Search and filter published practices",
                    "description": (
                        "The catalogue's search and filters: every given filter value must match (AND)."
                    ),
                    "parameters": _list_parameters(theme_slugs),
                    "responses": {
                        "200": _json("PracticePage", "One page of practices."),
                        "400": _json("Errors", "A parameter is unknown or has an invalid value."),
                        "404": _json("NotFound", "The page number is past the last page."),
                    },
                }
            },
            "/api/practices/{slug}/": {
                "get": {
                    "operationId": "getPractice",
                    "summary": "One published practice",
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
                        }
                    ],
                    "responses": {
                        "200": _json("Practice", "The practice."),
                        "404": _json("NotFound", "No published practice has this slug."),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Organisation": ORGANISATION,
                "PracticeSummary": {
                    "type": "object",
                    "properties": SUMMARY_PROPERTIES,
                    "required": list(SUMMARY_PROPERTIES),
                },
                "Practice": {
                    "allOf": [
                        {"$ref": "#/components/schemas/PracticeSummary"},
                        {
                            "type": "object",
                            "properties": DETAIL_PROPERTIES,
                            "required": list(DETAIL_PROPERTIES),
                        },
                    ]
                },
                "PracticePage": {
                    "type": "object",
                    "properties": page_properties,
                    "required": list(page_properties),
                },
                "Errors": ERRORS,
                "NotFound": NOT_FOUND,
            }
        },
    }
