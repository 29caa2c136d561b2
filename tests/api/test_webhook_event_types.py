"""`GET /api/v1/webhooks/event-types` (issue #15): the events a subscription may choose, from the registry
the payload models and the OpenAPI `webhooks` section come from, named and described in en/fr/es/ar."""

from __future__ import annotations

import unicodedata

import pytest

from app.jurisdictions.content_labels import LANGS
from app.schemas.webhooks import DESCRIPTIONS, PAYLOADS
from app.workflows.webhooks import WEBHOOK_EVENTS, event_types

URL = "/api/v1/webhooks/event-types"


def _arabic(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith("ARABIC") for ch in text)


def test_lists_every_event_of_the_registry_in_its_order(as_, app):
    r = as_["org_admin_a"].get(URL, params={"lang": "en"})
    assert r.status_code == 200, r.text
    got = r.json()
    assert [e["name"] for e in got] == list(WEBHOOK_EVENTS) == list(PAYLOADS)
    # The same events the OpenAPI document declares as webhooks, with the same English descriptions.
    assert {e["name"] for e in got} == set(app.openapi()["webhooks"])
    for e in got:
        assert set(e) == {"name", "label", "description"}
        assert e["description"] == DESCRIPTIONS[e["name"]]
        assert e["label"].strip() and e["label"] != e["name"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_event_has_words_in_every_language(lang):
    english = {e.name: e for e in event_types("en")}
    for e in event_types(lang):
        assert e.label.strip() and e.description.strip(), (lang, e.name)
        assert e.description.endswith((".", "…).", ").")), (lang, e.name, e.description)
        if lang == "ar":
            assert _arabic(e.label) and _arabic(e.description), e.name
        elif lang != "en":
            assert e.label != english[e.name].label and e.description != english[e.name].description


def test_language_by_query_then_accept_language_then_english(as_):
    api = as_["coalition_admin"]

    def first(**kw) -> dict[str, str]:
        r = api.get(URL, **kw)
        assert r.status_code == 200, r.text
        return r.json()[0]

    assert first(params={"lang": "fr"})["label"] == "Un dossier a été soumis à relecture"
    assert first(params={"lang": "es"})["description"].startswith("Se envió un expediente a revisión")
    assert _arabic(first(params={"lang": "ar"})["description"])
    # Accept-Language, by preference (q), when no ?lang= is given; ?lang= wins over it.
    assert first(headers={"Accept-Language": "de-DE, es;q=0.8, fr;q=0.5"})["label"].startswith("Se envió")
    assert first(headers={"Accept-Language": "ar-EG"})["label"] == "أُرسل ملف قضية للمراجعة"
    assert first(params={"lang": "en"}, headers={"Accept-Language": "fr"})["label"].startswith("A case")
    assert first(headers={"Accept-Language": "de, ja"})["description"] == DESCRIPTIONS["case.submitted"]
    assert api.get(URL, params={"lang": "de"}).status_code == 422


@pytest.mark.parametrize("who", ["researcher_a", "coordinator_a", "researcher_b"])
def test_refused_to_roles_that_may_not_manage_webhooks(as_, who):
    api = as_[who]
    assert api.get("/api/v1/webhooks").status_code == 403  # the same rule as the subscriptions
    r = api.get(URL)
    assert r.status_code == 403, r.text
    assert "webhooks:manage" in r.text or "allow" in r.json()["detail"]


def test_refused_without_a_session(anon):
    assert anon.get(URL).status_code == 401


def test_the_names_it_lists_are_the_ones_a_subscription_accepts(as_):
    api = as_["org_admin_b"]
    names = [e["name"] for e in api.get(URL).json()]
    r = api.post("/api/v1/webhooks", json={"url": "https://hooks.example/in", "events": names})
    assert r.status_code == 201, r.text
    assert sorted(r.json()["events"]) == sorted(names)
