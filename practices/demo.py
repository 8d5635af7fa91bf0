"""Demo practices: the four Italian examples of the seed document (shared/seed), published.

Titles, summaries and descriptions say only what the seed says of each practice; themes and dimensions
follow plainly from those words. The seed states nothing about cost, time to set up, prerequisites,
skills or what carries over to another country, so those fields stay empty ("Not stated").
"""

from members.models import Organisation
from practices.enums import Audience, MaturityDimension
from practices.services.catalogue import practice_ensure_published, theme_ensure

FEDERATION_SLUG = "confcooperative-lavoro-e-servizi"
# The curated vocabulary named in the programme's issue: (slug, name).
THEMES = [
    ("digital-innovation-hub", "Digital innovation hub"),
    ("prototyping-and-virtual-worlds", "Prototyping and virtual worlds"),
    ("smart-facility-and-building-management", "Smart facility and building management"),
    ("networks-and-platforms", "Networks and platforms"),
    ("training-and-upskilling", "Training and upskilling"),
]
PRESENTED_AT = (
    "Presented as one of four examples from Italy at the mutual learning sessions “How can federations "
    "support cooperatives in the digital transitions?”, co-hosted by CECOP and its Italian member "
    "Confcooperative Lavoro e Servizi."
)
# slug: owner slug, title, summary, description (Markdown), themes, dimensions, audiences
PRACTICES = {
    "node-digital-innovation-hub": (
        "node",
        "Node: a Digital Innovation Hub of Confcooperative",
        "The cooperative Node, a Digital Innovation Hub of Confcooperative, helps cooperatives in their "
        "digital transformation.",
        "Node is a cooperative and a Digital Innovation Hub of Confcooperative, which helps cooperatives "
        "in their digital transformation.",
        ["digital-innovation-hub"],
        [MaturityDimension.READINESS],
        [Audience.COOPERATIVES],
    ),
    "drimlab-digital-prototypes-in-the-metaverse": (
        "drimlab",
        "Drimlab: digital prototypes for practices and services in the metaverse",
        "Drimlab, a cooperative, designs, develops and tests digital prototypes for practices and "
        "services in the metaverse.",
        "Drimlab is a cooperative that designs, develops and tests digital prototypes for practices and "
        "services in the metaverse.",
        ["prototyping-and-virtual-worlds"],
        [MaturityDimension.READINESS],
        [],
    ),
    "colser-smart-facility-and-building-management": (
        "colser-aurora-domus-group",
        "Colser Aurora Domus Group: smart facility and smart building management",
        "Services to public authorities and private enterprises, from cleaning for the healthcare "
        "industry to smart facility and smart building management, improved by a recent innovation "
        "process.",
        "Colser Aurora Domus Group provides different kinds of services to public authorities and "
        "private enterprises, such as cleaning services for the healthcare industry, but also:\n\n"
        "- smart facility management,\n- conciergerie,\n- help desk,\n"
        "- integrated services like smart building management.\n\n"
        "Its services recently underwent an innovation process to improve them.",
        ["smart-facility-and-building-management"],
        [MaturityDimension.READINESS],
        [],
    ),
    "netcoop-network-of-cooperatives": (
        "netcoop",
        "Netcoop: a network to connect cooperatives and foster digitalization",
        "A network created by Confcooperative Lavoro e Servizi to connect its cooperatives and foster "
        "digitalization.",
        "Netcoop is a network created by Confcooperative Lavoro e Servizi to connect their cooperatives "
        "and foster digitalization.",
        ["networks-and-platforms"],
        [MaturityDimension.READINESS],
        [Audience.COOPERATIVES],
    ),
}


def load(*, stdout) -> None:
    themes = {slug: theme_ensure(slug=slug, name=name) for slug, name in THEMES}
    organisations = Organisation.objects.in_bulk(
        [FEDERATION_SLUG, *(entry[0] for entry in PRACTICES.values())], field_name="slug"
    )
    for slug, (owner, title, summary, body, theme_slugs, dimensions, audiences) in PRACTICES.items():
        practice_ensure_published(
            slug=slug,
            fields={
                "owner": organisations[owner],
                "federation": organisations[FEDERATION_SLUG],
                "title": title,
                "summary": summary,
                "description": f"{body}\n\n{PRESENTED_AT}",
            },
            themes=[themes[theme] for theme in theme_slugs],
            dimensions=dimensions,
            audiences=audiences,
        )
    stdout.write(f"practices: {len(THEMES)} themes and {len(PRACTICES)} published seed practices ready")
