from siteaudit.analysis.term_discovery import TermCounts, discover_clusters, fold, same_spelling


def clusters_of(texts: list[str], titles: list[str] | None = None) -> dict[str, dict[str, int]]:
    counts = TermCounts()
    for text in texts:
        counts.add_text(text)
    for title in titles or []:
        counts.add_text(title, headline=True)
    return {c.preferred: c.forms for c in discover_clusters(counts)}


def test_folding_ignores_case_space_hyphen_and_accents() -> None:
    assert fold("Ka Pai") == fold("Ka-Pai") == fold("Kapai") == fold("KAPAI") == fold("Kápai")


def test_spellings_that_fold_alike_form_one_cluster() -> None:
    found = clusters_of(["Kapai trucks."] * 6 + ["Book Ka Pai.", "Ka-Pai pallets.", "KAPAI"])
    assert found == {"Kapai": {"Kapai": 6, "Ka Pai": 1, "Ka-Pai": 1, "KAPAI": 1}}


def test_close_respellings_join_a_much_more_frequent_term() -> None:
    found = clusters_of(["The Kapai truck."] * 9 + ["A KerPai truck.", "Kaipai loads."])
    assert set(found["Kapai"]) == {"Kapai", "KerPai", "Kaipai"}


def test_look_alikes_and_dictionary_words_are_not_merged() -> None:
    texts = ["Kapai trucks."] * 9 + ["Haika shipping."] * 9
    texts += ["Ship to Cape Town.", "The Cape region.", "Use Kapton tape.", "A haiku.", "Via UPS."]
    texts += ["Ship via ups and downs.", "Haiku poems."]
    assert clusters_of(texts) == {}


def test_terms_the_site_lists_side_by_side_stay_distinct() -> None:
    texts = ["HaiKa, Hai Pai, and Ka Pai: which fits?"] + ["Kapai trucks."] * 9
    texts += ["Haipai parcels."] * 3 + ["HaiKa ships."] * 3
    found = clusters_of(texts)
    assert set(found) == {"Kapai", "Haipai"}
    assert set(found["Kapai"]) == {"Kapai", "Ka Pai"}
    assert set(found["Haipai"]) == {"Haipai", "Hai Pai"}


def test_title_case_and_inflections_are_not_variants() -> None:
    texts = ["Bill of lading."] * 5 + ["Pallets stack.", "Palletise goods."] * 3
    assert clusters_of(texts, titles=["Bill of Lading Types"]) == {}
    assert same_spelling("Long-Term", "long-term") and not same_spelling("Haika", "HaiKa")


def test_preferred_form_weighs_titles_and_h1s() -> None:
    texts = ["Ka-Pai trucks."] * 4 + ["Kapai trucks."] * 3
    assert set(clusters_of(texts)) == {"Ka-Pai"}
    assert set(clusters_of(texts, titles=["What is Kapai?"])) == {"Kapai"}


def test_glossary_choice_overrides_frequency() -> None:
    counts = TermCounts()
    for text in ["Ka-Pai trucks."] * 4 + ["Kapai trucks."]:
        counts.add_text(text)
    (cluster,) = discover_clusters(counts, preferred_by_fold={"kapai": "Kapai"})
    assert cluster.preferred == "Kapai" and cluster.from_glossary
    assert cluster.variants == ["Ka-Pai"]


def test_a_respelling_listed_beside_the_term_is_a_different_thing() -> None:
    texts = ["The Kapai truck."] * 9 + ["Choose Kapai or Kaipai for pallets."]
    assert clusters_of(texts) == {}
    assert set(clusters_of([*texts[:-1], "Choose Kaipai for pallets."])) == {"Kapai"}
