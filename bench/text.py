"""Words and text for the generated data: plausible lengths and a skewed (Zipf-like) word frequency.

Two words are kept out of the vocabulary on purpose, and placed by the generator alone, so the searches
hit a known share of the catalogue: ``SELECTIVE_TERM`` (about 1 in 100 practices) and ``BROAD_TERM``
(one in three). No word of the vocabulary is a near spelling of either (the search is typo-tolerant).
"""

import random
from itertools import accumulate

SELECTIVE_TERM = "beekeeping"
BROAD_TERM = "platform"


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    "Giulia Marco Francesca Luca Chiara Matteo Sara Alessandro Elena Davide Aino Eetu Helmi Juho Linnea "
    "Oskar Ebba Axel Maja Elias Ioana Andrei Maria Mihai Elena Zofia Jakub Katarzyna Piotr Anna Ivan "
    "Maria Georgi Desislava Nikolai Luke Maria Joseph Rebecca Kurt Lucía Javier Carmen Pablo Marta "
    "Camille Louis Chloé Hugo Léa Jonas Lea Felix Hannah Paul Inês João Beatriz Tiago Sofie Lars "
    "Emma Noah Ana Tomás Nora Daan Eva Jan Petra Ondřej Lucie Martin Eszter Bence Réka Áron Niamh Seán"
)
LAST_NAMES = _words(
    "Rossi Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Korhonen Virtanen Mäkinen Nieminen "
    "Lindqvist Andersson Johansson Karlsson Nilsson Popescu Ionescu Dumitru Stan Nowak Kowalski Wiśniewski "
    "Wójcik Ivanov Petrov Georgieva Dimitrov Borg Camilleri Vella Farrugia García Fernández López "
    "Martínez Sánchez Pérez Martin Bernard Dubois Thomas Robert Richard Müller Schmidt Schneider Fischer "
    "Weber Silva Santos Ferreira Pereira Jensen Nielsen Hansen Pedersen Novák Svoboda Dvořák Nagy Kovács "
    "Tóth Szabó Murphy Kelly Byrne Walsh Papadopoulos Horvat Kovačič Bakker Visser Smit"
)
CITIES = _words(
    "Bologna Milano Torino Roma Napoli Genova Firenze Helsinki Tampere Turku Oulu Stockholm Göteborg Malmö "
    "Bucharest Cluj-Napoca Iași Warszawa Kraków Łódź Gdańsk Sofia Plovdiv Varna Valletta Birkirkara "
    "Bilbao Valencia Sevilla Barcelona Zaragoza Lyon Nantes Lille Paris Marseille Berlin Hamburg Leipzig "
    "Lisboa Porto Braga Wien Graz Utrecht Gent Liège Dublin Cork Brno Praha Budapest Debrecen Ljubljana"
)
SECTORS = [
    "Social services",
    "Care and health",
    "Education and training",
    "Industry and manufacturing",
    "Construction",
    "Agriculture and food",
    "Retail and distribution",
    "Transport and logistics",
    "Culture and media",
    "Tourism and hospitality",
    "Cleaning and facility services",
    "Software and IT services",
    "Energy",
    "Waste and recycling",
    "Consulting",
    "Printing and publishing",
    "Finance and insurance",
    "Housing",
    "Sport and leisure",
    "Design and architecture",
]
THEMES = [
    "Digital skills of workers",
    "Worker participation in digital change",
    "Cloud tools for small cooperatives",
    "E-commerce and online sales",
    "Data protection and GDPR",
    "Cybersecurity",
    "Remote and hybrid work",
    "Digital governance and voting",
    "Artificial intelligence at work",
    "Shared services among cooperatives",
    "Open-source software",
    "Accessibility",
    "Green digital practices",
    "Management information systems",
    "Online learning",
    "Digital marketing",
    "Member communication",
    "Interoperability and open data",
    "Automation of administration",
    "Care technology",
    "Logistics software",
    "Digital inclusion",
    "Financing digital investment",
    "Business transfer to employees",
]

_NOUNS = _words(
    "cooperative cooperatives worker workers member members federation network tool tools service "
    "services training course courses system systems software data process processes project projects "
    "team teams app application portal website dashboard account accounts invoice invoices payroll "
    "schedule schedules shift shifts customer customers supplier suppliers order orders warehouse "
    "delivery deliveries route routes care carer carers family families school schools student students "
    "teacher teachers farm farmers harvest market markets shop shops kitchen meal meals cleaning office "
    "offices building buildings energy waste recycling printer book books archive archives meeting "
    "meetings assembly board vote votes governance policy policies contract contracts budget budgets "
    "cost costs investment fund funds grant grants loan partner partners region regions municipality "
    "union unions skill skills competence mentor mentors pilot pilots survey surveys result results "
    "report reports evaluation standard standards license licences server servers cloud network "
    "backup password security privacy consent record records database spreadsheet template templates "
    "workflow workflows ticket tickets helpdesk chat email newsletter video videos webinar webinars "
    "community communities neighbourhood youth elderly migrants inclusion accessibility transition "
    "transitions strategy strategies roadmap plan plans step steps year years month months week weeks"
)
_VERBS = _words(
    "share shares shared manage manages managed support supports supported train trains trained build "
    "builds built use uses used adopt adopts adopted connect connects connected improve improves "
    "improved reduce reduces reduced organise organises organised track tracks tracked plan plans "
    "planned publish publishes published design designs designed test tests tested measure measures "
    "measured invite invites invited agree agrees agreed decide decides decided offer offers offered "
    "replace replaces replaced move moves moved learn learns learned help helps helped"
)
_ADJECTIVES = _words(
    "digital shared common local regional national european small large new open online simple secure "
    "collective democratic social green fair mutual practical flexible affordable accessible public "
    "private internal external first second monthly weekly daily annual short long young older "
    "transparent reliable careful joint independent sustainable inclusive experienced"
)
_FUNCTION = _words(
    "the the the the a a an of of of and and and to to to in in in for for with with on by at from "
    "their their its our this that these each every all more most than as or but not also now "
    "which who when where while after before during between into through over under about"
)
VOCABULARY = _FUNCTION + _NOUNS + _VERBS + _ADJECTIVES
if SELECTIVE_TERM in VOCABULARY or BROAD_TERM in VOCABULARY:
    raise ValueError("the search terms must be placed by the generator alone")


class TextMaker:
    """Sentences, paragraphs and Markdown descriptions from a pool of pre-made sentences (fast)."""

    def __init__(self, rng: random.Random, *, pool: int = 4000) -> None:
        self.rng = rng
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(VOCABULARY))]
        self._cumulative = list(accumulate(weights))
        self.sentences = [self._sentence() for _ in range(pool)]

    def _sentence(self) -> str:
        words = self.rng.choices(VOCABULARY, cum_weights=self._cumulative, k=self.rng.randint(8, 24))
        return " ".join(words).capitalize() + "."

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(_NOUNS + _ADJECTIVES, k=self.rng.randint(low, high)))

    def sentences_text(self, low: int, high: int, *, extra: str = "") -> str:
        chosen = self.rng.sample(self.sentences, self.rng.randint(low, high))
        if extra:
            chosen.insert(self.rng.randrange(len(chosen) + 1), extra)
        return " ".join(chosen)

    def summary(self, *, extra: str = "") -> str:
        """One or two sentences, at most 300 characters."""
        text = self.sentences_text(1, 2, extra=extra)
        if len(text) > 300:
            text = text[:296].rsplit(" ", 1)[0] + "…"
        return text

    def markdown(self, paragraphs: tuple[int, int], *, extra: str = "", heading: bool = True) -> str:
        """A few paragraphs (``paragraphs`` is the range), sometimes a heading and a bulleted list."""
        count = self.rng.randint(*paragraphs)
        where = self.rng.randrange(count) if extra else -1
        parts = []
        if heading and self.rng.random() < 0.5:
            parts.append(f"## {self.words(2, 5).capitalize()}")
        for number in range(count):
            parts.append(self.sentences_text(2, 6, extra=extra if number == where else ""))
            if self.rng.random() < 0.2:
                parts.append("\n".join(f"- {self.words(3, 8)}" for _ in range(self.rng.randint(2, 5))))
        return "\n\n".join(parts)

    def title(self, *, extra: str = "") -> str:
        adjective = self.rng.choice(_ADJECTIVES).capitalize()
        noun = self.rng.choice(_NOUNS)
        other = self.rng.choice(_NOUNS)
        shapes = [
            f"{adjective} {noun} for {other}",
            f"{adjective} {noun} {self.rng.choice(['of', 'in', 'with', 'across'])} {other} and {noun}",
            f"How {self.rng.choice(_NOUNS)} {self.rng.choice(_VERBS)} {self.rng.choice(_ADJECTIVES)} {other}",
            f"{adjective} {self.rng.choice(_ADJECTIVES)} {noun}: {self.words(2, 4)}",
        ]
        title = self.rng.choice(shapes)
        if extra:
            title = (
                f"{title} ({extra})" if self.rng.random() < 0.5 else f"{extra.capitalize()} {title.lower()}"
            )
        return title[:200]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
