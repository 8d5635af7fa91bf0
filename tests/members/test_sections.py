from members import sections
from members.sections import OrganisationSection, sections_for


def test_sections_with_empty_context_are_hidden(monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", [])
    sections.register(OrganisationSection("a.html", lambda organisation, user: {"items": [organisation]}))
    sections.register(OrganisationSection("b.html", lambda organisation, user: None))

    assert sections_for("coop", None) == [("a.html", {"items": ["coop"]})]


def test_registering_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(sections, "SECTIONS", [])

    def context(organisation, user):
        return {"x": 1}

    section = OrganisationSection("a.html", context)
    sections.register(section)
    sections.register(section)

    assert len(sections.SECTIONS) == 1
